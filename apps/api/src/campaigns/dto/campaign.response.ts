import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HolidayCampaignUnitProgressDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: 'integer' }) households!: number;
  @ApiProperty({ type: 'integer' }) delivered!: number;
  @ApiProperty({ type: 'integer' }) undelivered!: number;
  @ApiProperty({ type: 'integer' }) pending!: number;
  @ApiProperty({ type: 'integer', description: 'fen' }) plannedCashFen!: number;
  @ApiProperty({ type: 'integer', description: 'fen, from the ledger' }) spentFen!: number;
}

export class HolidayCampaignStandardViewDto {
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) cashFen!: number;
  @ApiProperty({ type: String, nullable: true }) goods!: string | null;
}

export class HolidayCampaignViewDto {
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
  @ApiProperty({ type: [HolidayCampaignStandardViewDto] }) standards!: HolidayCampaignStandardViewDto[];
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

export class HolidayCampaignDetailDto extends HolidayCampaignViewDto {
  @ApiProperty({
    type: [HolidayCampaignUnitProgressDto],
    description: 'progress per grassroots unit (your subtree)',
  })
  units!: HolidayCampaignUnitProgressDto[];
}

export class HolidayCampaignListDto {
  @ApiProperty({ type: [HolidayCampaignViewDto] }) items!: HolidayCampaignViewDto[];
}

export class HolidayCampaignDeliveryViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() deliveredOn!: string;
  @ApiProperty({ type: 'integer' }) cashFen!: number;
  @ApiProperty({ type: String, nullable: true }) goods!: string | null;
  @ApiProperty() visitors!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) attachmentId!: string | null;
}

export class HolidayCampaignRecipientDto {
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
  @ApiPropertyOptional({ type: HolidayCampaignDeliveryViewDto, nullable: true })
  delivery!: HolidayCampaignDeliveryViewDto | null;
}

export class HolidayCampaignRecipientListDto {
  @ApiProperty({ type: [HolidayCampaignRecipientDto] }) items!: HolidayCampaignRecipientDto[];
}

export class CampaignDeliveryResultDto {
  @ApiProperty({ enum: ['recorded', 'duplicate'] }) outcome!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ type: 'integer', description: 'households of the campaign still to visit' })
  pendingLeft!: number;
}

export class CampaignUndeliveredResultDto {
  @ApiProperty() changed!: boolean;
  @ApiProperty({ type: 'integer' }) pendingLeft!: number;
}

export class HolidayCampaignUndeliveredRowDto {
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() householdCode!: string;
  @ApiProperty() workerName!: string;
  @ApiProperty() category!: string;
  @ApiProperty() reason!: string;
}

export class HolidayCampaignReportDto {
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
  @ApiProperty({ type: [HolidayCampaignUnitProgressDto] }) byUnit!: HolidayCampaignUnitProgressDto[];
  @ApiProperty({ type: [HolidayCampaignUndeliveredRowDto] })
  undeliveredList!: HolidayCampaignUndeliveredRowDto[];
}
