/* SPDX-License-Identifier: MIT */
/*
 * hyp entry and EL2 exception vectors.
 *
 * QEMU starts a bare-metal ELF at EL2 with the MMU off; x0 is 0 and the
 * machine's DTB sits at the start of RAM. We set up a stack, clear BSS,
 * install the vectors and call hyp_main(). Traps from the guest (EL1)
 * save every general register into a struct hyp_regs on the EL2 stack,
 * call hyp_trap() and return to the guest with the (possibly updated)
 * registers.
 */
	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.ne	not_el2
	msr	daifset, #0xf
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	ldr	x1, =hyp_vectors
	msr	vbar_el2, x1
	isb
	bl	hyp_main
not_el2:
	wfe
	b	not_el2

/*
 * A secondary CPU, started by hyp_psci through PSCI CPU_ON at EL2 with
 * the MMU off; x0 = its index. Its stack is hyp_stacks[index].
 */
	.global hyp_secondary_entry
hyp_secondary_entry:
	msr	daifset, #0xf
	ldr	x1, =hyp_stacks
	add	x2, x0, #1
	lsl	x2, x2, #14		/* HYP_STACK_SIZE */
	add	x1, x1, x2
	mov	sp, x1
	ldr	x1, =hyp_vectors
	msr	vbar_el2, x1
	isb
	bl	hyp_secondary_main
	b	not_el2

/* Enter the guest at EL1: x0 = entry, x1 = the guest's x0. */
	.text
	.global hyp_enter_guest
hyp_enter_guest:
	msr	elr_el2, x0
	mov	x0, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	isb
	eret

/* Save x0-x30, ELR and SPSR; struct hyp_regs is 34 dwords. */
.macro	trap_entry kind
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #256]
	mov	x0, sp
	mov	x1, #\kind
	bl	hyp_trap
	b	trap_exit
.endm

	.section .vectors, "ax"
	.align	11
	.global hyp_vectors
hyp_vectors:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	.align	7
	trap_entry \n
	.endr
	.align	7
	trap_entry 8		/* lower EL, AArch64: synchronous */
	.align	7
	trap_entry 9		/* IRQ */
	.align	7
	trap_entry 10		/* FIQ */
	.align	7
	trap_entry 11		/* SError */
	.irp	n, 12, 13, 14, 15
	.align	7
	trap_entry \n
	.endr

	.text
trap_exit:
	ldp	x30, x0, [sp, #240]
	ldr	x1, [sp, #256]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #(34 * 8)
	eret
