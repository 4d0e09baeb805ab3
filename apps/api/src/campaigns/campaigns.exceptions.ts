import { AppException, ErrorCode, type ErrorDetail } from '../common/errors';

/** The stable rule codes the campaigns API answers with (the `rule` of an error detail). */
export enum CampaignErrorCode {
  CodeUnique = 'unique',
  OrgScope = 'org_scope',
  Exists = 'exists',
  AlreadyDelivered = 'one_delivery_per_household',
  Nominations = 'nominations_open',
  Attachment = 'attachment_of_recipient',
}

export const CampaignExceptions = {
  notFound: (code: string) => AppException.notFound('campaign', 'code', code),
  recipientNotFound: (id: string) => AppException.notFound('campaign recipient', 'recipientId', id),
  plan: (details: ErrorDetail[]) => AppException.validation(details),
  codeTaken: (code: string) =>
    AppException.conflict(`campaign ${code} exists already`, [
      {
        field: 'code',
        rule: CampaignErrorCode.CodeUnique,
        message: `a campaign with code ${code} exists`,
        params: { code },
      },
    ]),
  outOfScope: (field: string) =>
    AppException.forbidden(`${field} lies outside your org subtree`, CampaignErrorCode.OrgScope),
  unknown: (field: string, value: string) =>
    AppException.validation([
      { field, rule: CampaignErrorCode.Exists, message: `no ${field} ${value}`, params: { value } },
    ]),
  alreadyDelivered: (deliveryId: string) =>
    AppException.conflict(
      'this household has had its delivery for this campaign',
      [
        {
          field: 'recipientId',
          rule: CampaignErrorCode.AlreadyDelivered,
          message: 'a household gets at most one delivery per campaign',
          params: { deliveryId },
        },
      ],
      ErrorCode.Conflict,
    ),
  nominationsClosed: (status: string) =>
    AppException.conflict(
      `members can be named only while the plan awaits approval (campaign is ${status})`,
      [
        {
          field: 'code',
          rule: CampaignErrorCode.Nominations,
          message: 'nominations are closed',
          params: { status },
        },
      ],
    ),
  attachment: () =>
    AppException.validation([
      {
        field: 'attachmentId',
        rule: CampaignErrorCode.Attachment,
        message:
          'the attachment must be uploaded for this household (POST /api/campaign-recipients/:id/attachments)',
      },
    ]),
  notDelivering: (status: string) =>
    AppException.conflict(
      `the campaign is ${status}: deliveries are taken while it is delivering`,
      [
        {
          field: 'code',
          rule: 'delivering',
          message: 'the campaign does not take deliveries now',
          params: { status },
        },
      ],
      ErrorCode.StaleTask,
    ),
};
