// SPDX-License-Identifier: MIT
/*
 * The hypervisor's console: QEMU's PL011, polled, shared with the guest
 * (which owns the UART's interrupt). Lines are short and written whole.
 */
#include "hyp.h"

#define UART_DR		0x000
#define UART_FR		0x018
#define UART_FR_TXFF	(1u << 5)

static uint64_t uart_base = 0x09000000;

void uart_init(uint64_t base)
{
	if (base)
		uart_base = base;
}

static void uart_putc(char c)
{
	unsigned int n;

	for (n = 0; n < 1000000; n++)
		if (!(mmio_rd32(uart_base + UART_FR) & UART_FR_TXFF))
			break;
	mmio_wr32(uart_base + UART_DR, (uint8_t)c);
}

static struct hyp_lock uart_lock;

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

void uart_line(const char *text)
{
	hyp_lock(&uart_lock);
	uart_puts("hyp: ");
	uart_puts(text);
	uart_puts("\n");
	hyp_unlock(&uart_lock);
}

void hyp_panic(const char *why)
{
	hlog("PANIC: %s", why);
	for (;;)
		__asm__ volatile("wfe");
}

void hyp_log_cb(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	static const char *const names[] = {
		"err", "warn", "guest", "unimp", "info", "debug",
	};
	const char *who = ctx ? ctx : "lib", *m = msg;
	unsigned int i;

	if (lvl == VSMMU_LOG_DEBUG)
		return;
	/* "psmmu: warn: event ..." rather than "psmmu: warn: psmmu: ..." */
	for (i = 0; who[i] && m[i] == who[i]; i++)
		;
	if (!who[i] && m[i] == ':' && m[i + 1] == ' ')
		m += i + 2;
	hlog("%s: %s: %s", who,
	     (unsigned int)lvl < VSMMU_ARRAY_SIZE(names) ? names[lvl] : "?",
	     m);
}

/* The four functions a freestanding GCC build may call. */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	if (dp < sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	uint8_t *dp = d;

	while (n--)
		*dp++ = (uint8_t)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
