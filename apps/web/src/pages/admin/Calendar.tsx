import { Button, Card, DatePicker, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { useI18n } from '../../i18n';

interface Day {
  date: string;
  isWorkday: boolean;
  name: string;
  source: string;
}

interface DayValues {
  date: Dayjs;
  isWorkday: boolean;
  name?: string;
}

/** The working-day calendar: official holidays and make-up workdays (exceptions to Monday–Friday). */
export function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState<number>(dayjs().year());
  const [form] = Form.useForm<DayValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const days = useLoad(
    async () => (await ok(client.GET('/api/calendar'))) as unknown as { items: Day[] },
    [],
  );
  const all = days.data?.items ?? [];
  const years = [...new Set(all.map((d) => Number(d.date.slice(0, 4))))].sort();
  const shown = all.filter((d) => d.date.startsWith(String(year)));
  const save = async (v: DayValues) => {
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.PUT('/api/calendar/{date}', {
          params: { path: { date: v.date.format('YYYY-MM-DD') } },
          body: { isWorkday: v.isWorkday, name: v.name },
        }),
      );
      setYear(v.date.year());
      form.resetFields();
      days.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageTitle>{t('calendar.title')}</PageTitle>
      <Card size="small" title={t('calendar.setDay')} style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" initialValues={{ isWorkday: false }} onFinish={(v) => void save(v)}>
          <Form.Item
            name="date"
            label={t('calendar.date')}
            rules={[{ required: true, message: t('policy.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="isWorkday" label={t('calendar.kind')}>
            <Radio.Group
              options={[
                { value: false, label: t('calendar.holiday') },
                { value: true, label: t('calendar.workday') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('calendar.name')}>
            <Input maxLength={50} placeholder="国庆节" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
        <ErrorAlert error={error} path="PUT /api/calendar/{date}" />
      </Card>
      <Card
        size="small"
        title={t('calendar.days')}
        extra={
          <Space>
            <Select
              aria-label={t('calendar.year')}
              value={year}
              style={{ width: 100 }}
              onChange={setYear}
              options={(years.includes(year) ? years : [...years, year]).map((y) => ({ value: y, label: y }))}
            />
          </Space>
        }
      >
        <ErrorAlert error={days.error} />
        <Table<Day>
          size="small"
          rowKey="date"
          data-testid="calendar-days"
          loading={days.loading}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('calendar.date'), dataIndex: 'date' },
            {
              title: t('calendar.kind'),
              dataIndex: 'isWorkday',
              render: (v: boolean) =>
                v ? (
                  <Tag color="blue">{t('calendar.workday')}</Tag>
                ) : (
                  <Tag color="red">{t('calendar.holiday')}</Tag>
                ),
            },
            { title: t('calendar.name'), dataIndex: 'name' },
            { title: t('calendar.source'), dataIndex: 'source' },
          ]}
        />
      </Card>
    </div>
  );
}
