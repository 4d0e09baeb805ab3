import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenTransformer } from '../transformers';

@Entity({ name: 'programs' })
export class Program {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'min_amount_fen', type: 'bigint', transformer: fenTransformer })
  minAmountFen!: number;

  @Column({ name: 'max_amount_fen', type: 'bigint', transformer: fenTransformer })
  maxAmountFen!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder!: number;
}
