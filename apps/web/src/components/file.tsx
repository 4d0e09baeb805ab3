import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { bilingual, fmtDate, fmtDateTime, fmtMonth, yuan, moneyColumn } from '../format';
import { useI18n } from '../i18n';
import { MaskedId, StatusTag } from './common';
import type { FileDetail, FileView, HouseholdView, WorkerView } from '../api/types';
import { ResponsiveTable } from './responsive';

const CLEARS = ['address', 'family', 'income', 'cause', 'urgentNeed'] as const;

/** A five-clears entry: its text; older records only say whether it was recorded. */
function ClearValue({ value }: { value: unknown }) {
  const { t } = useI18n();
  if (typeof value === 'string' && value.trim()) return <span>{value}</span>;
  if (value === true) return <Typography.Text type="success">{t('file.recorded')}</Typography.Text>;
  return <Typography.Text type="danger">{t('file.missing')}</Typography.Text>;
}

export function WorkerDescriptions({ worker }: { worker: WorkerView }) {
  const { t, label } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('common.worker')}>{worker.name}</Descriptions.Item>
      <Descriptions.Item label={t('common.employeeNo')}>{worker.employeeNo}</Descriptions.Item>
      <Descriptions.Item label={t('common.orgUnit')}>{worker.orgUnitName}</Descriptions.Item>
      <Descriptions.Item label={t('file.category')}>{label('category', worker.category)}</Descriptions.Item>
      <Descriptions.Item label={t('file.nationalId')} span={2}>
        <MaskedId workerId={worker.id} masked={worker.nationalIdMasked} />
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The hardship file: five clears, visit, category with the policy figures behind it. */
export function FileSections({
  file,
}: {
  file: FileView & Partial<Pick<FileDetail, 'measures' | 'timeline'>>;
}) {
  const { t, lang, label } = useI18n();
  const inputs = (file.categoryInputs ?? {}) as Record<string, number | string | boolean | undefined>;
  const fen = (k: string) => (inputs[k] === undefined ? '—' : yuan(inputs[k] as number, lang));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('task.file')} size="small" data-testid="file-section">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('file.no')}>{file.fileNo}</Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <StatusTag status={file.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('file.causes')}>
            {file.causes.map((c) => (
              <Tag key={c}>{label('cause', c)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.category')}>
            {file.category ? <Tag color="red">{label('category', file.category)}</Tag> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.openedAt')}>{fmtDateTime(file.openedAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('file.noticeEndsAt')}>
            {fmtDate(file.noticeEndsAt, lang)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('file.fiveClears')} size="small">
        <Descriptions size="small" column={1} bordered>
          {CLEARS.map((k) => (
            <Descriptions.Item key={k} label={t(`file.${k}`)}>
              <ClearValue value={file.fiveClears?.[k]} />
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('file.visit')}>
            {file.visit ? (
              <span>
                {/* date · visitors · notes, without empty parts (older visits have no visitors) */}
                {[
                  fmtDate(file.visit.date, lang),
                  (file.visit.visitors ?? []).join(lang === 'zh' ? '、' : ', '),
                  file.visit.notes,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            ) : (
              <Typography.Text type="danger">—</Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('file.policyFigures')} size="small" data-testid="policy-figures">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('file.category')}>{label('category', file.category)}</Descriptions.Item>
          <Descriptions.Item label={t('file.policyVersion')}>
            {file.categoryPolicyVersion === null ? '—' : `v${file.categoryPolicyVersion}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.members')}>{String(inputs.members ?? '—')}</Descriptions.Item>
          <Descriptions.Item label={t('file.locality')}>
            {String(inputs.localityCode ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.annualIncome')}>{fen('annualIncomeFen')}</Descriptions.Item>
          <Descriptions.Item label={t('file.rigidExpenses')}>
            {fen('annualRigidExpensesFen')}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.hardshipCosts')}>
            {fen('annualHardshipCostsFen')}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.accidentEvent')}>
            {inputs.accidentEvent === undefined
              ? '—'
              : inputs.accidentEvent
                ? t('common.yes')
                : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('file.perCapita')}>{fen('perCapitaMonthlyFen')}</Descriptions.Item>
          <Descriptions.Item label={t('file.dibao')}>{fen('dibaoFen')}</Descriptions.Item>
          <Descriptions.Item label={t('file.categoryReason')} span={2}>
            {bilingual(file.categoryReason, lang)}
          </Descriptions.Item>
          {file.evidenceNote ? (
            <Descriptions.Item label={t('file.evidenceNote')} span={2}>
              {file.evidenceNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {file.measures?.length ? (
        <Card title={t('file.measures')} size="small">
          <List
            size="small"
            dataSource={file.measures}
            renderItem={(m) => (
              <List.Item>
                <Tag>{m.kind}</Tag> {m.description} {m.amountFen ? yuan(m.amountFen, lang) : ''}
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}

export function HouseholdSection({ household }: { household: HouseholdView }) {
  const { t, lang, label } = useI18n();
  return (
    <Card title={t('task.household')} size="small" data-testid="household-section">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label={t('file.members')}>{household.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('file.locality')}>{household.localityCode}</Descriptions.Item>
          <Descriptions.Item label={t('file.address')}>{household.address ?? '—'}</Descriptions.Item>
        </Descriptions>
        {household.members.length ? (
          <ResponsiveTable
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={household.members.filter((m) => !m.removedAt)}
            columns={[
              { title: t('file.memberName'), dataIndex: 'nameMasked' },
              {
                title: t('file.relation'),
                dataIndex: 'relation',
                render: (r: string) => label('relation', r),
              },
              {
                title: t('file.nationalId'),
                dataIndex: 'nationalIdMasked',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('file.workStatus'),
                key: 'ws',
                render: (_, m) => [m.workStatus, m.schoolStatus].filter(Boolean).join(' / ') || '—',
              },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('file.noMembers')}</Typography.Text>
        )}
        {household.incomes.length ? (
          <ResponsiveTable
            size="small"
            rowKey="id"
            pagination={{ pageSize: 6, hideOnSinglePage: true }}
            title={() => t('file.incomes')}
            dataSource={household.incomes}
            columns={[
              { title: t('file.month'), dataIndex: 'month', render: (v: string) => fmtMonth(v, lang) },
              { title: t('file.source'), dataIndex: 'source' },
              moneyColumn(t('common.amount'), 'amountFen', lang),
              { title: '', key: 'rev', render: (_, r) => <EntryState entry={r} /> },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('file.noIncomes')}</Typography.Text>
        )}
        {household.expenses.length ? (
          <ResponsiveTable
            size="small"
            rowKey="id"
            pagination={false}
            title={() => t('file.expenses')}
            dataSource={household.expenses}
            columns={[
              { title: t('file.year'), dataIndex: 'year' },
              { title: t('file.kind'), dataIndex: 'kind', render: (v: string) => label('expense', v) },
              moneyColumn(t('common.amount'), 'amountFen', lang),
              { title: t('common.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
              { title: '', key: 'rev', render: (_, r) => <EntryState entry={r} /> },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('file.noExpenses')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/** A reversing entry (冲销, with its reason) or an entry that was reversed (已冲销). */
function EntryState({
  entry,
}: {
  entry: { reversesId: string | null; reversed: boolean; reason: string | null };
}) {
  const { t } = useI18n();
  if (entry.reversesId)
    return (
      <Tag color="orange">
        {t('household.reversal')}：{entry.reason}
      </Tag>
    );
  return entry.reversed ? <Tag>{t('household.reversed')}</Tag> : null;
}
