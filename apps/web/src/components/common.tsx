import { Alert, Button, Empty, Space, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import { DependencyList, ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, client, ok } from '../api';
import type { TimelineEvent } from '../api/types';
import { useAuth } from '../auth';
import { refusalLines } from '../errors';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';

/** Loads data for a page; `reload()` fetches again. Errors are kept for <ErrorAlert>. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload, setData };
}

/** True when the API answered that the route does not exist (a branch not deployed yet). */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && /^Cannot (GET|POST|PUT)/.test(e.message);
}

/**
 * Shows why the API refused, in the user's language, from the details' rules and params (see
 * ../errors.ts and ../error-texts.ts); the API's English message is not shown.
 */
export function ErrorAlert({ error, path }: { error: unknown; path?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  if (isMissingRoute(error)) {
    return <Alert type="info" showIcon title={t('common.notAvailable', { path: path ?? '' })} />;
  }
  if (error instanceof ApiError) {
    const [first, ...rest] = refusalLines(lang, error);
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="api-error"
        data-code={error.code}
        data-rule={error.rule ?? ''}
        title={first}
        description={
          rest.length ? (
            <div>
              {rest.map((line, i) => (
                <div key={i}>{line}</div>
              ))}
            </div>
          ) : undefined
        }
      />
    );
  }
  return <Alert type="error" showIcon role="alert" title={t('error.network')} />;
}

const STATUS_COLORS: Record<string, string> = {
  pending_approval: 'processing',
  investigating: 'processing',
  running: 'processing',
  in_notice: 'warning',
  awaiting_payment: 'gold',
  awaiting_funds: 'orange',
  returned: 'orange',
  active: 'success',
  paid: 'success',
  completed: 'success',
  done: 'success',
  closed: 'default',
  repaid: 'success',
  rejected: 'error',
  failed: 'error',
  overdue: 'error',
  withdrawn: 'default',
  expired: 'default',
  accepted: 'success',
  duplicate: 'warning',
};

export function StatusTag({
  status,
  prefix = 'status',
}: {
  status: string | null | undefined;
  prefix?: string;
}) {
  const { label } = useI18n();
  if (!status) return <span>—</span>;
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{label(prefix, status)}</Tag>;
}

export function EventTimeline({ events }: { events: TimelineEvent[] | undefined }) {
  const { lang, t } = useI18n();
  if (!events?.length) return <EmptyNote text={t('timeline.empty')} />;
  return (
    <Timeline
      items={events.map((e) => {
        const comment = typeof e.data?.comment === 'string' ? e.data.comment : null;
        return {
          key: `${e.at}-${e.type}`,
          content: (
            <div>
              <Typography.Text strong>{lang === 'zh' ? e.label.zh : e.label.en}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {fmtDateTime(e.at, lang)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
              {comment ? <div>“{comment}”</div> : null}
            </div>
          ),
        };
      })}
    />
  );
}

/** A masked national ID with an explicit, audited "show" for the roles the API allows. */
export function MaskedId({ workerId, masked }: { workerId: string; masked: string | null }) {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const allowed = hasRole('union_chair', 'admin');
  if (!masked) return <span>—</span>;
  const show = async () => {
    try {
      const r = await ok(client.GET('/api/workers/{id}/national-id', { params: { path: { id: workerId } } }));
      setShown(r.nationalId);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" size={2}>
      <Space wrap size={4}>
        <Typography.Text code data-testid="national-id" style={{ whiteSpace: 'nowrap' }}>
          {shown ?? masked}
        </Typography.Text>
        {shown ? null : allowed ? (
          <Button size="small" onClick={() => void show()}>
            {t('pii.show')}
          </Button>
        ) : (
          <Tooltip title={t('pii.notAllowed')}>
            <Button size="small" disabled>
              {t('pii.show')}
            </Button>
          </Tooltip>
        )}
      </Space>
      {shown ? <Typography.Text type="warning">{t('pii.audited')}</Typography.Text> : null}
      <ErrorAlert error={error} />
    </Space>
  );
}

/** A page still loading its data: a spinner with 加载中 (as the lazy pages' fallback in App.tsx). */
export function LoadingPage() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="page-loading" aria-busy="true">
      <Spin size="large" />
      <div style={{ marginTop: 12 }}>{t('common.loading')}</div>
    </div>
  );
}

/** An empty list that says why it is empty and what would fill it. */
export function EmptyNote({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} data-testid="empty-note" />;
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 8,
        alignItems: 'center',
        justifyContent: 'space-between',
        marginBottom: 16,
      }}
    >
      {/* a long title (number, name) wraps on a phone instead of pushing the page wider */}
      <Typography.Title level={3} style={{ margin: 0, flex: '1 1 auto', overflowWrap: 'anywhere' }}>
        {children}
      </Typography.Title>
      <Space wrap>{extra}</Space>
    </div>
  );
}
