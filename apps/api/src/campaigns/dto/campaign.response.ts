import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CampaignUnitProgressDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: 'integer' }) households!: number;
  @ApiProperty({ type: 'integer' }) delivered!: number;
  @ApiProperty({ type: 'integer' }) undelivered!: number;
  @ApiProperty({ type: 'integer' }) pending!: number;
  @ApiProperty({ type: 'integer', description: 'fen' }) plannedCashFen!: number;
  @ApiProperty({ type: 'integer', description: 'fen, from the ledger' }) spentFen!: number;
}

export class CampaignStandardViewDto {
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) cashFen!: number;
  @ApiProperty({ type: String, nullable: true }) goods!: string | null;
}

export class CampaignViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2027-spring' }) code!: string;
  @ApiProperty({ example: 'campaign:2027-spring' }) workflowId!: string;
  @ApiProperty() occasion!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() deliveryDeadline!: string;
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty({ type: [CampaignStandardViewDto] }) standards!: CampaignStandardViewDto[];
  @ApiProperty() programCode!: string;
  @ApiProperty() fundSource!: string;
  @ApiProperty({ type: 'integer' }) budgetFen!: number;
  @ApiProperty({
    enum: [
      'planned',
      'pending_approval',
      'awaiting_funds',
      'delivering',
      'escalated',
      'closed',
      'rejected',
      'withdrawn',
    ],
  })
  status!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ type: 'integer', nullable: true }) households!: number | null;
  @ApiProperty() createdAt!: string;
}

export class CampaignDetailDto extends CampaignViewDto {
  @ApiProperty({
    type: [CampaignUnitProgressDto],
    description: 'progress per grassroots unit (your subtree)',
  })
  units!: CampaignUnitProgressDto[];
}

export class CampaignListDto {
  @ApiProperty({ type: [CampaignViewDto] }) items!: CampaignViewDto[];
}

export class CampaignDeliveryViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() deliveredOn!: string;
  @ApiProperty({ type: 'integer' }) cashFen!: number;
  @ApiProperty({ type: String, nullable: true }) goods!: string | null;
  @ApiProperty() visitors!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) attachmentId!: string | null;
}

export class CampaignRecipientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() householdCode!: string;
  @ApiProperty() workerName!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) cashFen!: number;
  @ApiProperty({ type: String, nullable: true }) goods!: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'undelivered'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) undeliveredReason!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiPropertyOptional({ type: CampaignDeliveryViewDto, nullable: true })
  delivery!: CampaignDeliveryViewDto | null;
}

export class CampaignRecipientListDto {
  @ApiProperty({ type: [CampaignRecipientDto] }) items!: CampaignRecipientDto[];
}

export class DeliveryResultDto {
  @ApiProperty({ enum: ['recorded', 'duplicate'] }) outcome!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ type: 'integer', description: 'households of the campaign still to visit' })
  pendingLeft!: number;
}

export class UndeliveredResultDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty({ type: 'integer' }) pendingLeft!: number;
}

export class CampaignUndeliveredRowDto {
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() householdCode!: string;
  @ApiProperty() workerName!: string;
  @ApiProperty() category!: string;
  @ApiProperty() reason!: string;
}

export class CampaignReportDto {
  @ApiProperty() code!: string;
  @ApiProperty() programCode!: string;
  @ApiProperty() fundSource!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ type: 'integer' }) budgetFen!: number;
  @ApiProperty({ type: 'integer', description: 'sum of the campaign’s ledger payments' }) spentFen!: number;
  @ApiProperty({ type: 'integer' }) plannedCashFen!: number;
  @ApiProperty({ type: 'integer' }) households!: number;
  @ApiProperty({ type: 'integer' }) delivered!: number;
  @ApiProperty({ type: 'integer' }) undelivered!: number;
  @ApiProperty({ type: 'integer' }) pending!: number;
  @ApiProperty({ type: [CampaignUnitProgressDto] }) byUnit!: CampaignUnitProgressDto[];
  @ApiProperty({ type: [CampaignUndeliveredRowDto] }) undeliveredList!: CampaignUndeliveredRowDto[];
}
