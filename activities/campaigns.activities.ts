import type { CampaignsRepository } from '../libs/campaigns/campaigns.repository';

/** Holiday-campaign activities: thin wrappers over the campaign records (idempotent writes). */
export function createCampaignActivities({ campaigns }: { campaigns: CampaignsRepository }) {
  return {
    loadCampaignRun: (c: { campaignId: string }) => campaigns.run(c),
    async setCampaignStatus(s: Parameters<CampaignsRepository['recordStatus']>[0]): Promise<void> {
      await campaigns.recordStatus(s);
    },
    reserveCampaignBudget: (r: { campaignId: string; workflowId: string }) => campaigns.reserveBudget(r),
    buildDistributionList: (b: { campaignId: string; workflowId: string }) => campaigns.buildList(b),
    recordCampaignDelivery: (d: Parameters<CampaignsRepository['recordDelivery']>[0]) =>
      campaigns.recordDelivery(d),
    recordCampaignUndelivered: (u: Parameters<CampaignsRepository['recordUndelivered']>[0]) =>
      campaigns.recordUndelivered(u),
    remindCampaignUnits: (r: { campaignId: string; workflowId: string; daysBefore: number }) =>
      campaigns.remindUnits(r),
    escalateUndelivered: (e: { campaignId: string; workflowId: string }) => campaigns.escalateUndelivered(e),
    async closeCampaign(c: {
      campaignId: string;
      workflowId: string;
      reason: string;
    }): Promise<{ delivered: number; undelivered: number; spentFen: number }> {
      const r = await campaigns.close(c);
      return { delivered: r.delivered, undelivered: r.undelivered, spentFen: r.spentFen };
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
