import {
  Alert,
  App,
  Button,
  Card,
  List,
  Col,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../api';
import type {
  CaseDetail,
  DecideBody,
  EarlyWarningDetail,
  FileDetail,
  HouseholdView,
  LoanDetail,
  TaskContext,
  TaskView,
  TimelineEvent,
  WorkerView,
} from '../api/types';
import { AttachmentsCard } from '../components/attachments';
import { ErrorAlert, EventTimeline, LoadingPage, PageTitle, StatusTag, useLoad } from '../components/common';
import { FileSections, HouseholdSection, WorkerDescriptions } from '../components/file';
import { IncomeCheckBlock } from '../components/income-check';
import { fmtDate, fmtDateTime, yuan } from '../format';
import { useI18n } from '../i18n';
import { dueSoon, stageName } from './Inbox';

interface Subject {
  task: TaskView;
  warning: EarlyWarningDetail | null;
  aidCase: CaseDetail | null;
  loan: LoanDetail | null;
  file: FileDetail | null;
  worker: WorkerView | null;
  household: HouseholdView | null;
  timeline: TimelineEvent[];
  context: TaskContext | null;
}

async function loadSubject(id: string): Promise<Subject> {
  const task = await ok(client.GET('/api/tasks/{id}', { params: { path: { id } } }));
  const subject = { params: { path: { id: task.subjectId } } };
  let aidCase: CaseDetail | null = null;
  let loan: LoanDetail | null = null;
  let warning: EarlyWarningDetail | null = null;
  let file: FileDetail | null = null;
  let workerId: string | null = null;
  if (task.subjectType === 'early_warning') {
    warning = await ok(client.GET('/api/early-warnings/{id}', subject));
    workerId = warning.workerId;
  } else if (task.subjectType === 'loan') {
    loan = await ok(client.GET('/api/loans/{id}', subject));
    workerId = loan.workerId;
  } else if (task.subjectType === 'aid_case') {
    aidCase = await ok(client.GET('/api/cases/{id}', subject));
    workerId = aidCase.workerId;
  } else if (task.subjectType === 'hardship_file') {
    file = await ok(client.GET('/api/files/{id}', subject));
    workerId = file.workerId;
  }
  const byId = (id: string) => ({ params: { path: { id } } });
  const worker = workerId ? await ok(client.GET('/api/workers/{id}', byId(workerId))) : null;
  if (!file && worker?.fileId) file = await ok(client.GET('/api/files/{id}', byId(worker.fileId)));
  const householdId = file?.householdId ?? worker?.householdId;
  const household = householdId ? await ok(client.GET('/api/households/{id}', byId(householdId))) : null;
  const timeline =
    aidCase?.history ??
    loan?.timeline ??
    warning?.timeline ??
    (task.subjectType === 'hardship_file' ? (file?.timeline ?? []) : []);
  const context = await ok(client.GET('/api/tasks/{id}/context', { params: { path: { id } } })).catch(
    () => null,
  );
  return { task, warning, aidCase, loan, file, worker, household, timeline, context };
}

type Decision = DecideBody['decision'];
interface DecisionValues {
  decision: Decision;
  comment?: string;
  reference?: string;
  measureOutcome?: string;
}

/** A help-measure task (帮扶计划) is done by recording the measure's outcome (the API checks it). */
function measureOutcomeOptions(task: TaskView): string[] {
  const type = (task.payload as { measureType?: string } | null)?.measureType ?? '';
  if (type === 'employment' || type === 'job_referral') return ['job_found', 'no_job'];
  if (type === 'schooling' || type === 'tuition') return ['kept_in_school', 'left_school'];
  return ['achieved', 'not_achieved'];
}

/** The decisions a task type takes (the workflow's validator has the last word and says why). */
function decisionsFor(type: string): Decision[] {
  switch (type) {
    case 'approval':
      return ['approve', 'reject', 'return'];
    case 'funds':
    case 'reschedule':
    case 'write_off':
    case 'exit_approval':
      return ['approve', 'reject'];
    case 'early_repayment':
      return ['done', 'reject'];
    default:
      return ['done'];
  }
}

/** Work tasks that move money record the bank reference. */
const REFERENCE_TYPES = ['payment', 'disbursement', 'early_repayment'];

function DecisionForm({
  task,
  subject,
  onDone,
}: {
  task: TaskView;
  subject: string;
  onDone: (decision: string) => void;
}) {
  const { t, lang, label } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const decisions = decisionsFor(task.type);
  const needsReference = REFERENCE_TYPES.includes(task.type);
  const decision = Form.useWatch('decision', form) as string | undefined;
  const submit = async (v: DecisionValues) => {
    setBusy(true);
    setError(null);
    try {
      await client.POST('/api/tasks/{id}/decision', {
        params: { path: { id: task.id } },
        body: {
          decision: v.decision,
          ...(v.comment ? { comment: v.comment } : {}),
          ...(needsReference && v.decision === 'done' ? { outcome: { reference: v.reference } } : {}),
          ...(task.type === 'help_measure' ? { outcome: { outcome: v.measureOutcome } } : {}),
        },
      });
      onDone(v.decision);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('task.decision')} size="small" id="decision">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: decisions[0] }}
        onFinish={(v: DecisionValues) => {
          // a confirmation restating what is decided, on what, for how much
          void modal.confirm({
            title: t('task.confirmTitle'),
            okText: t('task.confirmOk'),
            cancelText: t('common.cancel'),
            content: (
              <div data-testid="confirm-decision">
                <p>
                  {t('task.confirmText', {
                    decision: t(`task.${v.decision}`),
                    subject,
                    stage: stageName(task, lang, label),
                  })}
                </p>
                {task.amountFen !== null ? (
                  <p>
                    {t('common.amount')}: <strong>{yuan(task.amountFen, lang)}</strong>
                  </p>
                ) : null}
                {v.comment ? <p>“{v.comment}”</p> : null}
              </div>
            ),
            onOk: () => submit(v),
          });
        }}
      >
        <Form.Item label={t('task.decision')} name="decision">
          <Radio.Group>
            {decisions.map((d) => (
              <Radio key={d} value={d}>
                {t(`task.${d}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {task.type === 'payment' ? (
          <Form.Item
            label={t('task.reference')}
            name="reference"
            rules={[{ required: true, message: t('task.reference') }]}
          >
            <Input />
          </Form.Item>
        ) : null}
        {task.type === 'help_measure' ? (
          <Form.Item
            label={t('helpPlan.outcome')}
            name="measureOutcome"
            rules={[{ required: true, message: t('helpPlan.outcome') }]}
          >
            <Select
              options={measureOutcomeOptions(task).map((o) => ({
                value: o,
                label: label('measureOutcome', o),
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          label={t('common.comment')}
          name="comment"
          rules={[
            { required: decision === 'reject' || decision === 'return', message: t('task.commentRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
          {t('task.submitDecision')}
        </Button>
      </Form>
    </Card>
  );
}

export function TaskPage() {
  const { id } = useParams();
  const { t, lang, label } = useI18n();
  const { data, error, loading, reload } = useLoad(() => loadSubject(id!), [id]);
  const [decided, setDecided] = useState<string | null>(null);
  if (error) return <ErrorAlert error={error} />;
  if (loading && !data) return <LoadingPage />;
  if (!data) return null;
  const { task, warning, aidCase, loan, file, worker, household, timeline, context } = data;
  const subject =
    `${task.subjectNo ?? ''} ${task.subjectName ?? ''}`.trim() || label('subject', task.subjectType);
  return (
    <div>
      <PageTitle extra={<Link to="/inbox">{t('common.back')}</Link>}>
        {t('task.title')} · {stageName(task, lang, label)}
      </PageTitle>
      <Card size="small" style={{ marginBottom: 16 }} data-testid="task-summary">
        <Space wrap size="middle">
          <Typography.Text strong>{subject}</Typography.Text>
          <Tag>{label('subject', task.subjectType)}</Tag>
          {task.program ? <Tag color="blue">{label('program', task.program)}</Tag> : null}
          {task.amountFen !== null ? (
            <Typography.Text strong>{yuan(task.amountFen, lang)}</Typography.Text>
          ) : null}
          <span>
            {t('inbox.due')}: {fmtDateTime(task.dueAt, lang)}
          </span>
          {task.overdue ? <Tag color="error">{t('inbox.overdue')}</Tag> : null}
          {dueSoon(task) ? <Tag color="warning">{t('inbox.dueSoon')}</Tag> : null}
          {task.status === 'open' && !decided ? (
            <Button
              size="small"
              type="link"
              onClick={() => document.getElementById('decision')?.scrollIntoView({ behavior: 'smooth' })}
            >
              {t('task.toDecision')}
            </Button>
          ) : null}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('task.payload')}>
              <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
                <Descriptions.Item label={t('inbox.type')}>{label('taskType', task.type)}</Descriptions.Item>
                <Descriptions.Item label={t('inbox.stage')}>{stageName(task, lang, label)}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <StatusTag status={task.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('common.orgUnit')}>{task.orgUnitName}</Descriptions.Item>
                <Descriptions.Item label={t('inbox.due')}>
                  <Space size={4}>
                    {fmtDateTime(task.dueAt, lang)}
                    {task.overdue ? <Tag color="error">{t('inbox.overdue')}</Tag> : null}
                    {dueSoon(task) ? <Tag color="warning">{t('inbox.dueSoon')}</Tag> : null}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('common.createdAt')}>
                  {fmtDateTime(task.createdAt, lang)}
                </Descriptions.Item>
                {typeof task.payload?.comment === 'string' ? (
                  <Descriptions.Item label={t('common.comment')} span={3}>
                    {task.payload.comment}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            {aidCase ? (
              <Card size="small" title={t('task.case')} data-testid="case-section">
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('case.no')}>
                    <Link to={`/cases/${aidCase.id}`}>{aidCase.caseNo}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.status')}>
                    <StatusTag status={aidCase.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('task.program')}>
                    {lang === 'zh' ? aidCase.programName : label('program', aidCase.program)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.amount')}>
                    <Typography.Text strong>{yuan(aidCase.amountFen, lang)}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.reason')} span={2}>
                    {aidCase.reason}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ) : null}
            {warning ? (
              <Card size="small" title={t('subject.early_warning')}>
                <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
                  <Descriptions.Item label={t('ew.kind')}>{label('ew.kind', warning.kind)}</Descriptions.Item>
                  <Descriptions.Item label={t('ew.occurredOn')}>
                    {fmtDate(warning.occurredOn, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.status')}>
                    <StatusTag status={warning.status} />
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ) : null}
            {loan ? (
              <Card size="small" title={t('subject.loan')} data-testid="loan-section">
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('loan.no')}>
                    <Link to={`/finance/loans/${loan.id}`}>{loan.loanNo}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.status')}>
                    <StatusTag status={loan.status} prefix="loan.status" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('loan.amount')}>
                    <Typography.Text strong>{yuan(loan.amountFen, lang)}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('loan.term')}>{loan.termMonths ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('loan.outstanding')}>
                    {yuan(loan.outstandingFen ?? null, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('loan.purpose')}>{loan.purpose ?? '—'}</Descriptions.Item>
                </Descriptions>
              </Card>
            ) : null}
            {worker ? (
              <Card size="small" title={t('common.worker')}>
                <WorkerDescriptions worker={worker} />
              </Card>
            ) : null}
            {file ? <IncomeCheckBlock fileId={file.id} /> : null}
            {file ? (
              <FileSections file={file} />
            ) : worker ? (
              <Alert type="warning" title={t('task.noFile')} />
            ) : null}
            {household ? <HouseholdSection household={household} /> : null}
            {context ? <HouseholdAidCard context={context} /> : null}
            <AttachmentsCard
              sources={[
                ...(aidCase ? [{ kind: 'cases' as const, id: aidCase.id }] : []),
                ...(file ? [{ kind: 'files' as const, id: file.id }] : []),
              ]}
            />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {!decided && task.status === 'open' && context?.fourEyes.length ? (
              <Alert
                type={context.fourEyes.some((f) => f.refused) ? 'error' : 'warning'}
                showIcon
                data-testid="four-eyes-warning"
                title={t('task.fourEyesTitle')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {context.fourEyes.map((f) => (
                      <li key={f.reason}>
                        {t(`task.fourEyes.${f.reason}`)}
                        {f.refused
                          ? lang === 'zh'
                            ? `（${t('task.fourEyesRefused')}）`
                            : ` (${t('task.fourEyesRefused')})`
                          : ''}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            {decided ? (
              <Alert
                type="success"
                showIcon
                role="status"
                data-testid="decided"
                title={t('task.decided', { decision: label('decision', decided) })}
                description={
                  <div data-testid="next-stage">
                    {context?.next.length ? (
                      context.next.map((n) => (
                        <div key={n.id}>
                          {t('task.nextStage', {
                            stage: (lang === 'zh' ? n.stageNameZh : n.stageNameEn) ?? label('stage', n.stage),
                            role: label('role', n.candidateRole),
                            holders: n.assigneeName ?? (n.holders.join(lang === 'zh' ? '、' : ', ') || '—'),
                          })}
                        </div>
                      ))
                    ) : (
                      <div>
                        {t('task.nextNone', {
                          status: context?.subjectStatus ? label('status', context.subjectStatus) : '—',
                        })}
                      </div>
                    )}
                    <Link to="/inbox">{t('menu.inbox')}</Link>
                  </div>
                }
              />
            ) : task.status === 'open' ? (
              <DecisionForm
                subject={subject}
                task={task}
                onDone={(d) => {
                  setDecided(d);
                  reload();
                }}
              />
            ) : (
              <Alert
                type="info"
                showIcon
                title={t('task.closedAlready', { status: label('status', task.status) })}
              />
            )}
            <Card size="small" title={t('task.timeline')} data-testid="timeline">
              <EventTimeline events={timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}

/** The household's aid of the last 3 years and its open loans (to spot aid given twice). */
function HouseholdAidCard({ context }: { context: TaskContext }) {
  const { t, lang, label } = useI18n();
  return (
    <Card size="small" title={t('task.householdAid')} data-testid="household-aid">
      {context.aid.length === 0 ? (
        <Typography.Text type="secondary">{t('task.noAid')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={context.aid}
          renderItem={(a) => (
            <List.Item>
              <Space wrap size={[8, 0]}>
                <Link to={`/cases/${a.id}`}>{a.caseNo}</Link>
                <span>{label('program', a.program)}</span>
                <Typography.Text strong>{yuan(a.amountFen, lang)}</Typography.Text>
                <span>{fmtDate(a.paidAt ?? a.submittedAt, lang)}</span>
                <StatusTag status={a.status} />
                <Typography.Text type="secondary">{a.workerName}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('task.openLoans')}
      </Typography.Title>
      {context.openLoans.length === 0 ? (
        <Typography.Text type="secondary">{t('task.noLoans')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={context.openLoans}
          renderItem={(l) => (
            <List.Item>
              <Space wrap size={[8, 0]}>
                <Link to={`/finance/loans/${l.id}`}>{l.loanNo}</Link>
                <span>
                  {t('loan.amount')} {yuan(l.amountFen, lang)}
                </span>
                <span>
                  {t('loan.outstanding')}{' '}
                  <Typography.Text strong>{yuan(l.outstandingFen, lang)}</Typography.Text>
                </span>
                <StatusTag status={l.status} prefix="loan.status" />
                <Typography.Text type="secondary">{l.workerName}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
