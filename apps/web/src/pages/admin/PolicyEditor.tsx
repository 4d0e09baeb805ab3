import { App, Alert, Button, Card, DatePicker, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api';
import { ErrorAlert } from '../../components/common';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import {
  changed,
  leafInput,
  parseLeafInput,
  policyLeaves,
  withValue,
  type PolicyLeaf,
  type Scalar,
} from './policy-leaves';

interface Props {
  current: { version: number; data: Record<string, unknown> };
  onPublished: () => void;
}

/**
 * Every figure of the policy in force, editable (amounts in yuan); the changed ones are restated and
 * published as a new policy version (POST /api/policy), which the server validates field by field.
 * An office changes notice days, amounts, deadlines, visit schedules… without a developer.
 */
export function PolicyEditor({ current, onPublished }: Props) {
  const { t, lang, label } = useI18n();
  const { modal } = App.useApp();
  const leaves = useMemo(() => policyLeaves(current.data), [current.data]);
  const sections = useMemo(() => [...new Set(leaves.map((l) => l.section))], [leaves]);
  const [section, setSection] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [edits, setEdits] = useState<Record<string, string | boolean>>({});
  const [note, setNote] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ version: number; reassessmentId?: string } | null>(null);

  const sectionName = (s: string) => label('policySection', s);
  const show = (leaf: PolicyLeaf, v: Scalar | Scalar[]) => {
    if (v === null) return '—';
    if (leaf.kind === 'fen') return yuan(v as number, lang);
    if (leaf.kind === 'boolean') return v ? t('policyEdit.yes') : t('policyEdit.no');
    if (Array.isArray(v)) return v.length ? v.join(', ') : t('policyEdit.emptyList');
    return String(v);
  };
  const parsed = leaves
    .filter((l) => l.path in edits)
    .map((l) => ({ leaf: l, result: parseLeafInput(l, edits[l.path]!) }));
  const invalid = new Map(
    parsed.flatMap((p) => (p.result.ok ? [] : [[p.leaf.path, p.result.reason] as const])),
  );
  const changes = parsed.flatMap((p) =>
    p.result.ok && changed(p.leaf, p.result.value) ? [{ leaf: p.leaf, value: p.result.value }] : [],
  );
  const q = search.trim().toLowerCase();
  const rows = leaves.filter(
    (l) =>
      (!section || l.section === section) &&
      (!q || l.path.toLowerCase().includes(q) || sectionName(l.section).toLowerCase().includes(q)),
  );

  const publish = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const data = changes.reduce<Record<string, unknown>>(
        (d, c) => withValue(d, c.leaf.tokens, c.value),
        current.data,
      );
      const r = (await ok(
        client.POST('/api/policy', {
          body: { data, note, effectiveFrom: effectiveFrom?.startOf('day').toISOString() },
        }),
      )) as unknown as { version: number; reassessmentId?: string };
      setResult(r);
      setEdits({});
      setNote('');
      onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = () =>
    void modal.confirm({
      title: t('policyEdit.confirmTitle', { count: changes.length }),
      okText: t('policy.publish'),
      cancelText: t('common.cancel'),
      width: 'min(640px, 100vw)',
      content: (
        <ul data-testid="policy-changes" style={{ paddingInlineStart: 18 }}>
          {changes.map((c) => (
            <li key={c.leaf.path}>
              <Typography.Text code>{c.leaf.path}</Typography.Text>
              {`：${show(c.leaf, c.leaf.value)} → ${show(c.leaf, c.value)}`}
            </li>
          ))}
        </ul>
      ),
      onOk: publish,
    });

  const input = (leaf: PolicyLeaf) => {
    const raw = leaf.path in edits ? edits[leaf.path]! : leafInput(leaf);
    const set = (v: string | boolean) => setEdits((e) => ({ ...e, [leaf.path]: v }));
    if (leaf.kind === 'boolean')
      return <Switch aria-label={leaf.path} checked={raw === true} onChange={(v) => set(v)} />;
    const reason = invalid.get(leaf.path);
    return (
      <div>
        <Input
          aria-label={leaf.path}
          value={String(raw)}
          status={reason ? 'error' : undefined}
          inputMode={leaf.kind === 'text' ? undefined : 'decimal'}
          suffix={leaf.kind === 'fen' ? (lang === 'zh' ? '元' : 'yuan') : undefined}
          onChange={(e) => set(e.target.value)}
          style={{ width: leaf.kind === 'text' || leaf.kind === 'list' ? 240 : 160 }}
        />
        {reason ? (
          <div className="ant-form-item-explain-error" role="alert">
            {reason === 'amount'
              ? t('form.amountFormat', { value: String(raw) })
              : t('policyEdit.notNumber', { value: String(raw) })}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <Card size="small" title={t('policyEdit.title')} data-testid="policy-editor">
      <Typography.Paragraph type="secondary">{t('policyEdit.help')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('policyEdit.section')}
          placeholder={t('policyEdit.allSections')}
          style={{ width: 220 }}
          value={section}
          onChange={setSection}
          options={sections.map((s) => ({ value: s, label: sectionName(s) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('policyEdit.search')}
          placeholder={t('policyEdit.search')}
          style={{ width: 240 }}
          onChange={(e) => setSearch(e.target.value)}
        />
      </Space>
      <Table<PolicyLeaf>
        size="small"
        rowKey="path"
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        rowClassName={(l) => (changes.some((c) => c.leaf.path === l.path) ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('policyEdit.figure'),
            key: 'path',
            render: (_, l) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text type="secondary">{sectionName(l.section)}</Typography.Text>
                <Typography.Text code>{l.path}</Typography.Text>
              </Space>
            ),
          },
          { title: t('policy.before'), key: 'now', render: (_, l) => show(l, l.value) },
          { title: t('policyEdit.newValue'), key: 'edit', render: (_, l) => input(l) },
        ]}
      />
      <Space wrap align="end" style={{ marginTop: 12 }}>
        <Input
          aria-label={t('policyEdit.note')}
          placeholder={t('policyEdit.notePlaceholder')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          style={{ width: 320, maxWidth: '80vw' }}
        />
        <DatePicker
          aria-label={t('policy.effectiveFrom')}
          placeholder={t('policy.effectiveFrom')}
          value={effectiveFrom}
          onChange={setEffectiveFrom}
        />
        <Button
          type="primary"
          loading={busy}
          disabled={!changes.length || invalid.size > 0 || !note.trim()}
          onClick={confirm}
          data-testid="policy-edit-publish"
        >
          {t('policyEdit.publish', { count: changes.length })}
        </Button>
      </Space>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} path="POST /api/policy" />
        {result ? <PublishedAlert result={result} testId="policy-edit-published" /> : null}
      </div>
    </Card>
  );
}

/** A published policy version, with the link to the re-evaluation it started (a changed 低保). */
export function PublishedAlert({
  result,
  testId,
  noCampaign,
}: {
  result: { version: number; reassessmentId?: string };
  testId: string;
  noCampaign?: string;
}) {
  const { t } = useI18n();
  return (
    <Alert
      type="success"
      showIcon
      data-testid={testId}
      title={t('policy.published', { version: result.version })}
      description={
        result.reassessmentId ? (
          <Link to={`/reassessments/${encodeURIComponent(result.reassessmentId)}`}>
            {t('policy.campaign', { id: result.reassessmentId })}
          </Link>
        ) : (
          noCampaign
        )
      }
    />
  );
}
