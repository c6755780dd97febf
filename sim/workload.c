// SPDX-License-Identifier: MIT
/*
 * The workload. For a device behind the vSMMU the guest driver makes a
 * stage-1 domain, attaches the device's vSID and allocates DMA buffers;
 * the device writes a pattern through the physical SMMU (nested), and the
 * checker proves every byte landed where the guest's stage 1 and the
 * hypervisor's stage 2 say, by walking both itself and reading physical
 * memory; then the CPU writes a second pattern and the device reads it
 * back. Finally a DMA to an unmapped IOVA must come back to the guest as
 * an event with the guest's vSID.
 */
#include <stdlib.h>
#include <string.h>

#include "vsmmu/base.h"
#include "workload.h"

static int wl_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct sim_domain *d = ctx;

	return sim_mem_read(d->host->mem, pa.v, buf, len);
}

long sim_verify_nested(struct sim_domain *d, struct gsmmu_domain *gd,
		       uint64_t iova, uint64_t ipa, size_t len, uint32_t seed)
{
	struct pgt_mem mem = {wl_mem_read, NULL, d};
	struct pgt_access acc = {PGT_ACC_READ, false};
	struct pgt_s1_cfg s1;
	uint8_t page[4096];
	size_t off = 0;
	long bad = 0;

	memset(&s1, 0, sizeof(s1));
	pgt_table_s1_cfg(&gd->pgt, &s1);
	while (off < len) {
		uint64_t va = iova + off, want_pa;
		size_t n = (size_t)VSMMU_MIN((uint64_t)(len - off),
					     4096 - (va & 4095));
		struct pgt_result r;
		int ret;

		ret = pgt_walk_nested(&s1, &d->s2cfg, &mem, smmu_va(va), acc,
				      &r);
		if (ret)
			return ret;
		/* The walk must agree with where the guest put its buffer. */
		ret = sim_domain_ipa_to_pa(d, ipa + off, &want_pa);
		if (ret)
			return ret;
		if (r.out != want_pa || r.ipa != ipa + off)
			return -VSMMU_ERR_INTERNAL;
		ret = sim_mem_read(d->host->mem, r.out, page, n);
		if (ret)
			return ret;
		bad += (long)sim_pattern_diff(page, n, seed, off);
		off += n;
	}
	return bad;
}

unsigned int sim_wait_guest_events(struct sim_vinst *v, unsigned int have,
				   unsigned int rounds)
{
	unsigned int i;

	for (i = 0; i < rounds && v->gos.nevents <= have; i++)
		sim_run(v->dom->host);
	return v->gos.nevents;
}

static int wl_boot_one(struct sim_domain *d, struct sim_vinst *v)
{
	struct gsmmu_config c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.poll_max = 100000;
	if (d->host->opt.guest_msi) {
		/* Payloads as an ITS would have them: distinct event IDs. */
		c.msi_doorbell = SIM_GUEST_DOORBELL;
		c.evtq_msi_data = 2 * v->idx;
		c.gerror_msi_data = 2 * v->idx + 1;
	}
	ret = sim_gos_boot(&v->gos, &c);
	if (ret) {
		sim_say(d->host, "%s: guest SMMUv3 driver failed: %s (%s)",
			v->name, vsmmu_strerror(ret), v->gos.drv.err);
		return ret;
	}
	sim_say(d->host,
		"%s: guest driver probed the vSMMU at %#llx: %u-bit "
		"SIDs, %s stream table, %s CMD_SYNC, %s interrupts, %u "
		"device%s "
		"in its tree",
		v->name, (unsigned long long)v->gos.node.base,
		v->gos.drv.sid_bits,
		(v->gos.drv.feat & GSMMU_FEAT_2LVL_STRTAB) ? "2-level"
							   : "linear",
		(v->gos.drv.feat & GSMMU_FEAT_MSI_SYNC) ? "MSI-polled" : "SEV",
		c.msi_doorbell ? "MSI" : "wired", v->gos.nmasters,
		v->gos.nmasters == 1 ? "" : "s");
	return 0;
}

int sim_domain_boot(struct sim_domain *d)
{
	unsigned int i;
	int ret;

	for (i = 0; i < d->nvi; i++) {
		if (!d->vi[i].vs)
			continue;
		ret = wl_boot_one(d, &d->vi[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* The vSID the guest's tree gives this device, or -1. */
static int64_t wl_guest_vsid(struct sim_vinst *v, const struct sim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < v->gos.nmasters; i++) {
		const struct sim_gos_master *m = &v->gos.masters[i];

		if (!m->pci && dev->has_vsid && m->vsid == dev->vsid)
			return m->vsid;
		if (m->pci && dev->pci && dev->rid >= m->rid_base &&
		    dev->rid - m->rid_base < m->count)
			return m->vsid + (dev->rid - m->rid_base);
	}
	return -1;
}

static const uint64_t wl_sizes[] = {4096, 3 * 4096 + 512, 65536, 2u << 20};

static int wl_device_s1(struct sim_vinst *v, struct sim_dev *dev, uint32_t vsid,
			unsigned int devno, const struct sim_wl_opts *o)
{
	struct sim_domain *d = v->dom;
	struct sim_gos *g = &v->gos;
	struct gsmmu_domain *gd;
	uint64_t iova = 0, ipa, bytes = 0;
	unsigned int k, r, fails = 0, have;
	uint8_t *buf, *back;
	int ret;

	buf = malloc(wl_sizes[3]);
	back = malloc(wl_sizes[3]);
	if (!buf || !back) {
		free(buf);
		free(back);
		return -VSMMU_ERR_NOMEM;
	}
	ret = gsmmu_domain_alloc(&g->drv, !o->lazy, &gd);
	if (!ret)
		ret = gsmmu_attach(gd, vsid);
	if (ret) {
		sim_say(d->host, "%s: %s: attach vSID %#x failed: %s", v->name,
			dev->name, vsid, g->drv.err);
		free(buf);
		free(back);
		return 1;
	}
	for (r = 0; r < (o->rounds ? o->rounds : 1); r++) {
		for (k = 0; k < VSMMU_ARRAY_SIZE(wl_sizes); k++) {
			uint64_t len = wl_sizes[k];
			uint32_t seed = (devno << 16) | (r << 8) | k;
			long bad;

			ret = gsmmu_dma_alloc(gd, len, &iova, &ipa);
			if (ret) {
				fails++;
				break;
			}
			sim_pattern(buf, len, seed, 0);
			if (sim_dma_write(&dev->dma, iova, buf, len)) {
				fails++;
				sim_say(d->host,
					"%s: %s: DMA write at %#llx faulted",
					v->name, dev->name,
					(unsigned long long)iova);
			}
			/* The guest sees it at its IPA ... */
			if (sim_domain_gpa_read(d, ipa, back, len) ||
			    sim_pattern_diff(back, len, seed, 0))
				fails++;
			/* ... and both stages, walked here, agree. */
			bad = sim_verify_nested(d, gd, iova, ipa, len, seed);
			if (bad != 0) {
				fails++;
				dev->mismatches += bad > 0 ? (uint64_t)bad : 1;
			} else {
				dev->verified_bytes += len;
			}
			/* The other way: the CPU writes, the device reads. */
			sim_pattern(buf, len, seed ^ 0x5a5a5a, 0);
			sim_domain_gpa_write(d, ipa, buf, len);
			memset(back, 0, len);
			if (sim_dma_read(&dev->dma, iova, back, len) ||
			    memcmp(back, buf, len))
				fails++;
			else
				dev->verified_bytes += len;
			bytes += 2 * len;
			if (gsmmu_dma_free(gd, iova, ipa, len))
				fails++;
		}
	}
	sim_say(d->host,
		"%s: %-22s vSID 0x%04x pSID 0x%04x: %llu bytes of DMA "
		"through S1+S2, %s",
		v->name, dev->name, vsid, dev->psid, (unsigned long long)bytes,
		fails ? "MISMATCH" : "every byte verified");

	if (!o->no_fault) {
		/* iova was unmapped (and invalidated) by the last free. */
		have = g->nevents;
		if (sim_dma_write(&dev->dma, iova + 0x80, buf, 64) !=
		    -VSMMU_ERR_FAULT) {
			fails++;
			sim_say(d->host,
				"%s: %s: DMA to unmapped %#llx did not "
				"fault",
				v->name, dev->name, (unsigned long long)iova);
		} else if (sim_wait_guest_events(v, have, 1000) <= have) {
			fails++;
			sim_say(d->host,
				"%s: %s: the fault never reached the "
				"guest",
				v->name, dev->name);
		} else {
			const struct smmu_evt *e = &g->events[g->nevents - 1];
			bool ok = e->sid == vsid &&
				  e->input_addr == iova + 0x80 &&
				  e->id == SMMU_EVT_F_TRANSLATION && !e->s2;

			if (!ok)
				fails++;
			dev->faults_seen++;
			sim_say(d->host,
				"%s: %-22s fault: pSID %#x %s at %#llx -> "
				"guest event queue: %s vSID %#x addr %#llx: %s",
				v->name, dev->name, dev->psid,
				smmu_evt_name(SMMU_EVT_F_TRANSLATION),
				(unsigned long long)iova + 0x80,
				smmu_evt_name(e->id), e->sid,
				(unsigned long long)e->input_addr,
				ok ? "ok" : "WRONG");
		}
	}
	if (gsmmu_set_abort(&g->drv, vsid) || gsmmu_domain_free(gd))
		fails++;
	free(buf);
	free(back);
	return (int)fails;
}

/* A device of a domain without vIOMMU: its addresses are IPAs. */
static int wl_device_s2(struct sim_domain *d, struct sim_dev *dev,
			unsigned int devno)
{
	struct sim_host *h = d->host;
	uint64_t ipa, len = 65536, pa, s2_before;
	uint8_t *buf = malloc(len), *back = malloc(len);
	unsigned int fails = 0;

	if (!buf || !back || sim_gos_alloc(&d->vi[0].gos, len, &ipa)) {
		free(buf);
		free(back);
		return -VSMMU_ERR_NOMEM;
	}
	sim_pattern(buf, len, devno, 0);
	if (sim_dma_write(&dev->dma, ipa, buf, len))
		fails++;
	if (sim_domain_ipa_to_pa(d, ipa, &pa) ||
	    sim_mem_read(h->mem, pa, back, len) ||
	    sim_pattern_diff(back, len, devno, 0))
		fails++;
	else
		dev->verified_bytes += len;
	if (sim_dma_read(&dev->dma, ipa, back, len) || memcmp(back, buf, len))
		fails++;
	else
		dev->verified_bytes += len;
	sim_say(h,
		"%s: %-22s pSID 0x%04x (no vIOMMU): %llu bytes of DMA through "
		"S2, %s",
		d->name, dev->name, dev->psid, (unsigned long long)(2 * len),
		fails ? "MISMATCH" : "every byte verified");
	/* Outside guest RAM: a stage-2 fault the hypervisor keeps. */
	s2_before = h->smmu[dev->smmu].s2_faults;
	if (sim_dma_write(&dev->dma, d->ram_ipa + d->ram_size + 0x1000, buf,
			  64) != -VSMMU_ERR_FAULT)
		fails++;
	sim_run(h);
	if (h->smmu[dev->smmu].s2_faults == s2_before)
		fails++;
	sim_say(h,
		"%s: %-22s fault: IPA beyond guest RAM -> stage-2 fault "
		"kept by the hypervisor (%s)",
		d->name, dev->name,
		h->smmu[dev->smmu].s2_faults > s2_before ? "ok" : "MISSING");
	sim_gos_free(&d->vi[0].gos, ipa, len);
	free(buf);
	free(back);
	return (int)fails;
}

int sim_workload_run(struct sim_domain *d, const struct sim_wl_opts *o)
{
	struct sim_host *h = d->host;
	unsigned int k;
	int fails = 0, ret;

	for (k = 0; k < d->ndevs; k++) {
		struct sim_dev *dev = &h->dev[d->devs[k]];
		struct sim_vinst *v = sim_domain_vinst_of(d, dev);
		int64_t vsid;

		if (!v || !v->vs) {
			ret = wl_device_s2(d, dev, d->devs[k]);
		} else {
			vsid = wl_guest_vsid(v, dev);
			if (vsid < 0) {
				sim_say(h,
					"%s: %s is not in the guest's tree: "
					"skipped",
					v->name, dev->name);
				continue;
			}
			ret = wl_device_s1(v, dev, (uint32_t)vsid, d->devs[k],
					   o);
		}
		if (ret < 0)
			return ret;
		fails += ret;
	}
	return fails;
}
