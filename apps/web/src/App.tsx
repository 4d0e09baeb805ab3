import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  FileAddOutlined,
  NotificationOutlined,
  GiftOutlined,
  HeartOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  InboxOutlined,
  KeyOutlined,
  LoginOutlined,
  LogoutOutlined,
  MenuOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ApartmentOutlined,
  ReconciliationOutlined,
  SafetyOutlined,
  SyncOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  ConfigProvider,
  Drawer,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, ReactNode, Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { useIsPhone } from './layout';
import { AuditLogPage, LoginLogPage } from './pages/AuditLog';
import { ChangePasswordPage } from './pages/ChangePassword';
import { CampaignDetailPage, CampaignsPage } from './pages/Campaigns';
import { NewCampaignPage } from './pages/NewCampaign';
import { PairingPage } from './pages/Pairing';
import { CaseDetailPage, CasesPage } from './pages/Cases';
import { DisclosurePage } from './pages/Disclosure';
import { EvaluationPage } from './pages/Evaluation';
import { TuitionPage } from './pages/Tuition';
import { EarlyWarningsPage } from './pages/EarlyWarnings';
import { FileDetailPage, FilesPage } from './pages/Files';
import { FollowUpsPage } from './pages/FollowUps';
import { InboxPage } from './pages/Inbox';
import { LoginPage } from './pages/Login';
import { NewCasePage } from './pages/NewCase';
import { OpenFilePage } from './pages/OpenFile';
import { HouseholdPage } from './pages/Household';
import { MembersPage } from './pages/Members';
import { OrgUnitsPage } from './pages/OrgUnits';
import { ReassessmentDetailPage, ReassessmentsPage } from './pages/Reassessments';
import { TaskPage } from './pages/Task';
import { UsersPage } from './pages/Users';

// the finance pages carry the chart library: loaded when first opened
const finance = () => import('./pages/finance');
const LoansPage = lazy(() => finance().then((m) => ({ default: m.LoansPage })));
const LoanDetailPage = lazy(() => finance().then((m) => ({ default: m.LoanDetailPage })));
const AgingPage = lazy(() => finance().then((m) => ({ default: m.AgingPage })));
const StatementPage = lazy(() => finance().then((m) => ({ default: m.StatementPage })));
const ImportsPage = lazy(() => finance().then((m) => ({ default: m.ImportsPage })));
const FundsPage = lazy(() => finance().then((m) => ({ default: m.FundsPage })));

const FINANCE_ROLES = ['finance', 'auditor', 'admin', 'union_chair', 'leader'];

// admin pages (policy, calendar, programs, HR imports): loaded when first opened
const admin = () => import('./pages/admin');
const PolicyPage = lazy(() => admin().then((m) => ({ default: m.PolicyPage })));
const CalendarPage = lazy(() => admin().then((m) => ({ default: m.CalendarPage })));
const ProgramsPage = lazy(() => admin().then((m) => ({ default: m.ProgramsPage })));
const RosterImportPage = lazy(() => admin().then((m) => ({ default: m.RosterImportPage })));
const PayrollImportPage = lazy(() => admin().then((m) => ({ default: m.PayrollImportPage })));

function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang, label } = useI18n();
  const { session, ended, logout, hasRole } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const phone = useIsPhone();
  const [menuOpen, setMenuOpen] = useState(false);
  // after an explicit logout the next user starts at the inbox; otherwise come back here after login
  if (!session)
    return <Navigate to="/login" replace state={ended === 'logout' ? null : { from: location.pathname }} />;
  // a new or reset account sets its own password before anything else (the API refuses the rest)
  if (session.user.mustChangePassword && location.pathname !== '/change-password')
    return <Navigate to="/change-password" replace />;
  const u = session.user;
  const items = [
    { key: '/inbox', icon: <InboxOutlined />, label: t('menu.inbox') },
    hasRole('caseworker')
      ? {
          key: 'work',
          icon: <AuditOutlined />,
          label: t('menu.work'),
          children: [
            { key: '/members', icon: <TeamOutlined />, label: t('menu.members') },
            { key: '/files/new', icon: <FileAddOutlined />, label: t('menu.openFile') },
            { key: '/cases/new', icon: <FileTextOutlined />, label: t('menu.newCase') },
            { key: '/tuition/new', icon: <FileTextOutlined />, label: t('menu.tuition') },
            { key: '/follow-ups', icon: <CarryOutOutlined />, label: t('menu.followUps') },
            { key: '/early-warnings', icon: <AlertOutlined />, label: t('menu.earlyWarnings') },
          ],
        }
      : { key: '/early-warnings', icon: <AlertOutlined />, label: t('menu.earlyWarnings') },
    { key: '/files', icon: <FolderOpenOutlined />, label: t('menu.files') },
    { key: '/cases', icon: <ProfileOutlined />, label: t('menu.cases') },
    hasRole(...FINANCE_ROLES)
      ? {
          key: 'finance',
          icon: <BankOutlined />,
          label: t('menu.finance'),
          children: [
            { key: '/finance/loans', icon: <MoneyCollectOutlined />, label: t('menu.loans') },
            { key: '/finance/aging', icon: <BarChartOutlined />, label: t('menu.aging') },
            { key: '/finance/statement', icon: <ReconciliationOutlined />, label: t('menu.statement') },
            { key: '/finance/imports', icon: <UploadOutlined />, label: t('menu.imports') },
            { key: '/finance/funds', icon: <BankOutlined />, label: t('menu.funds') },
          ],
        }
      : null,
    { key: '/reassessments', icon: <SyncOutlined />, label: t('menu.reassessments') },
    // members, households, org tree (issue 11)
    hasRole('admin')
      ? {
          key: 'admin',
          icon: <ApartmentOutlined />,
          label: t('menu.admin'),
          children: [
            { key: '/admin/org-units', icon: <ApartmentOutlined />, label: t('menu.orgUnits') },
            { key: '/members', icon: <TeamOutlined />, label: t('menu.members') },
            // policy, calendar, programs, HR imports (issue 11 items 4, 5, 9)
            { key: '/admin/policy', icon: <ProfileOutlined />, label: t('menu.policy') },
            { key: '/admin/calendar', icon: <CalendarOutlined />, label: t('menu.calendar') },
            { key: '/admin/programs', icon: <BankOutlined />, label: t('menu.programs') },
            { key: '/admin/roster-import', icon: <UploadOutlined />, label: t('menu.rosterImport') },
            { key: '/admin/payroll-import', icon: <UploadOutlined />, label: t('menu.payrollImport') },
          ],
        }
      : !hasRole('caseworker') && hasRole('union_chair')
        ? { key: '/members', icon: <TeamOutlined />, label: t('menu.members') }
        : null,
    // accounts and audit (issue 11: users, auditor views)
    hasRole('admin', 'union_chair')
      ? { key: '/admin/users', icon: <TeamOutlined />, label: t('menu.users') }
      : null,
    hasRole('auditor', 'admin')
      ? {
          key: 'audit',
          icon: <SafetyOutlined />,
          label: t('menu.audit'),
          children: [
            { key: '/audit', icon: <AuditOutlined />, label: t('menu.auditLog') },
            { key: '/audit/logins', icon: <LoginOutlined />, label: t('menu.loginLog') },
          ],
        }
      : null,
    { key: '/change-password', icon: <KeyOutlined />, label: t('menu.changePassword') },
    { key: '/campaigns', icon: <GiftOutlined />, label: t('menu.campaigns') },
    { key: '/pairing', icon: <HeartOutlined />, label: t('menu.pairing') },
    { key: '/disclosure', icon: <NotificationOutlined />, label: t('menu.disclosure') },
    { key: '/evaluation', icon: <BarChartOutlined />, label: t('menu.evaluation') },
    // a union chair imports the roster and payroll of their enterprise
    hasRole('union_chair') && !hasRole('admin')
      ? {
          key: 'hr-imports',
          icon: <UploadOutlined />,
          label: t('menu.hrImports'),
          children: [
            { key: '/admin/roster-import', icon: <UploadOutlined />, label: t('menu.rosterImport') },
            { key: '/admin/payroll-import', icon: <UploadOutlined />, label: t('menu.payrollImport') },
          ],
        }
      : null,
  ].filter(Boolean) as NonNullable<Parameters<typeof Menu>[0]['items']>;
  // the menu entry for this page: an exact entry (/files/new) wins over its list (/files)
  const leafKeys = items
    .flatMap((i) => (i && 'children' in i && i.children ? i.children : [i]))
    .map((i) => String(i?.key));
  const parts = location.pathname.split('/').filter(Boolean);
  const selected = [
    leafKeys.includes(location.pathname)
      ? location.pathname
      : '/' + parts.slice(0, /^\/(finance|admin)\//.test(location.pathname) ? 2 : 1).join('/'),
  ];
  const menu = (
    <nav aria-label={t('app.title')}>
      <Menu
        theme="dark"
        mode="inline"
        selectedKeys={selected}
        defaultOpenKeys={['work', 'finance', 'admin', 'audit', 'hr-imports']}
        items={items}
        onClick={(e) => {
          setMenuOpen(false);
          void navigate(e.key);
        }}
      />
    </nav>
  );
  const brand = (
    <div style={{ color: '#fff', padding: '16px 20px' }}>
      <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
        {t('app.title')}
      </Typography.Title>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>{t('app.subtitle')}</Typography.Text>
    </div>
  );
  const roleTags = u.roles.map((r, i) => (
    <Tag key={r} color="blue">
      {lang === 'zh' ? (u.roleLabels?.[i] ?? label('role', r)) : label('role', r)}
    </Tag>
  ));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Drawer
          placement="left"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          size={280}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={248} theme="dark">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: phone ? 'space-between' : 'flex-end',
            alignItems: 'center',
            paddingInline: phone ? 12 : 24,
            gap: 8,
          }}
        >
          {phone ? (
            <Space size={8} align="center" style={{ minWidth: 0 }}>
              <Button
                icon={<MenuOutlined />}
                aria-label={t('header.menu')}
                data-testid="menu-toggle"
                onClick={() => setMenuOpen(true)}
              />
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {t('app.title')}
              </Typography.Text>
            </Space>
          ) : null}
          <Space size={phone ? 4 : 'middle'} align="center" data-testid="whoami" style={{ minWidth: 0 }}>
            <Typography.Text
              strong
              style={
                phone
                  ? {
                      display: 'inline-block',
                      maxWidth: 76,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                      verticalAlign: 'middle',
                    }
                  : { whiteSpace: 'nowrap' }
              }
              title={u.displayName}
            >
              {u.displayName}
            </Typography.Text>
            {phone ? null : roleTags}
            {phone ? null : <Typography.Text type="secondary">{u.orgUnitName}</Typography.Text>}
            <Button
              size={phone ? 'small' : 'middle'}
              aria-label={t('lang.switchLabel')}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {t('lang.switch')}
            </Button>
            <Button
              size={phone ? 'small' : 'middle'}
              icon={<LogoutOutlined />}
              aria-label={t('header.logout')}
              onClick={() => logout('logout')}
            >
              {phone ? null : t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        {phone ? (
          <div style={{ background: '#fff', padding: '0 12px 8px' }} data-testid="whoami-roles">
            <Space size={4} wrap>
              {roleTags}
              <Typography.Text type="secondary">{u.orgUnitName}</Typography.Text>
            </Space>
          </div>
        ) : null}
        <Layout.Content style={{ margin: phone ? 12 : 24, minWidth: 0 }}>
          {/* antd's Layout.Content is the page's one <main> landmark */}
          <Suspense fallback={<PageSpinner />}>{children}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** The loading state of a page (lazy pages, first load after login). */
export function PageSpinner() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="page-loading" aria-busy="true">
      <Spin size="large" />
      <div style={{ marginTop: 12 }}>{t('common.loading')}</div>
    </div>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = lang === 'zh' ? '帮扶工作台' : 'bangfu console';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

const page = (el: ReactNode) => <Shell>{el}</Shell>;

export function App() {
  return (
    <I18nProvider>
      <Themed>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/" element={<Navigate to="/inbox" replace />} />
              <Route path="/inbox" element={page(<InboxPage />)} />
              <Route path="/tasks/:id" element={page(<TaskPage />)} />
              <Route path="/files" element={page(<FilesPage />)} />
              <Route path="/files/new" element={page(<OpenFilePage />)} />
              <Route path="/files/:id" element={page(<FileDetailPage />)} />
              <Route path="/cases" element={page(<CasesPage />)} />
              <Route path="/cases/new" element={page(<NewCasePage />)} />
              <Route path="/cases/:id" element={page(<CaseDetailPage />)} />
              <Route path="/follow-ups" element={page(<FollowUpsPage />)} />
              <Route path="/early-warnings" element={page(<EarlyWarningsPage />)} />
              <Route path="/finance/loans" element={page(<LoansPage />)} />
              <Route path="/finance/loans/:id" element={page(<LoanDetailPage />)} />
              <Route path="/finance/aging" element={page(<AgingPage />)} />
              <Route path="/finance/statement" element={page(<StatementPage />)} />
              <Route path="/finance/statement/:workerId" element={page(<StatementPage />)} />
              <Route path="/finance/imports" element={page(<ImportsPage />)} />
              <Route path="/finance/funds" element={page(<FundsPage />)} />
              <Route path="/reassessments" element={page(<ReassessmentsPage />)} />
              <Route path="/members" element={page(<MembersPage />)} />
              <Route path="/households/:id" element={page(<HouseholdPage />)} />
              <Route path="/admin/org-units" element={page(<OrgUnitsPage />)} />
              <Route path="/reassessments/:id" element={page(<ReassessmentDetailPage />)} />
              <Route path="/admin/users" element={page(<UsersPage />)} />
              <Route path="/audit" element={page(<AuditLogPage />)} />
              <Route path="/audit/logins" element={page(<LoginLogPage />)} />
              <Route path="/change-password" element={page(<ChangePasswordPage />)} />
              <Route path="/campaigns" element={page(<CampaignsPage />)} />
              <Route path="/campaigns/new" element={page(<NewCampaignPage />)} />
              <Route path="/pairing" element={page(<PairingPage />)} />
              <Route path="/campaigns/:code" element={page(<CampaignDetailPage />)} />
              <Route path="/tuition/new" element={page(<TuitionPage />)} />
              <Route path="/disclosure" element={page(<DisclosurePage />)} />
              <Route path="/evaluation" element={page(<EvaluationPage />)} />
              <Route path="/admin/policy" element={page(<PolicyPage />)} />
              <Route path="/admin/calendar" element={page(<CalendarPage />)} />
              <Route path="/admin/programs" element={page(<ProgramsPage />)} />
              <Route path="/admin/roster-import" element={page(<RosterImportPage />)} />
              <Route path="/admin/payroll-import" element={page(<PayrollImportPage />)} />
              <Route path="*" element={<Navigate to="/inbox" replace />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </I18nProvider>
  );
}
