import { Card, List, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { Key, ReactNode } from 'react';
import { useIsPhone } from '../layout';

type Col<T> = ColumnType<T>;

/** The cell a column shows for a row (its render, else the dataIndex value). */
function cell<T>(c: Col<T>, row: T, i: number): ReactNode {
  const di = c.dataIndex as string | undefined;
  const value = di ? (row as Record<string, unknown>)[di] : undefined;
  return c.render ? (c.render(value, row, i) as ReactNode) : (value as ReactNode);
}

/**
 * A table on a desktop; on a phone (< 768 px) one card per row: the first column as the card's
 * title, the others as "label: value" lines, so nothing scrolls sideways. Same props as antd Table.
 */
export function ResponsiveTable<T extends object>(props: TableProps<T> & { testId?: string }) {
  const phone = useIsPhone();
  const { testId, ...tableProps } = props;
  if (!phone)
    return (
      <div data-testid={testId}>
        <Table<T> {...tableProps} scroll={{ x: 'max-content' }} />
      </div>
    );
  const columns = (props.columns ?? []) as Col<T>[];
  const [first, ...rest] = columns;
  const rowKey = (row: T, i: number): Key =>
    typeof props.rowKey === 'function'
      ? props.rowKey(row, i)
      : String((row as Record<string, unknown>)[(props.rowKey as string) ?? 'key'] ?? i);
  return (
    <List<T>
      data-testid={testId}
      loading={!!props.loading}
      dataSource={[...(props.dataSource ?? [])]}
      locale={props.locale?.emptyText ? { emptyText: props.locale.emptyText as ReactNode } : undefined}
      pagination={props.pagination ? { pageSize: 20, hideOnSinglePage: true, size: 'small' } : false}
      rowKey={(row) => rowKey(row, 0)}
      renderItem={(row, i) => (
        <List.Item style={{ paddingInline: 0 }}>
          <Card
            size="small"
            style={{ width: '100%' }}
            className={typeof props.rowClassName === 'function' ? props.rowClassName(row, i, 0) : undefined}
            title={first ? cell(first, row, i) : null}
          >
            {rest.map((c, n) => (
              <div
                key={String(c.key ?? c.dataIndex ?? n)}
                style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}
              >
                <span style={{ color: 'rgba(0,0,0,0.55)' }}>{c.title as ReactNode}:</span>
                <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{cell(c, row, i)}</span>
              </div>
            ))}
          </Card>
        </List.Item>
      )}
    />
  );
}
