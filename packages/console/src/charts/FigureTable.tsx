import { theme } from 'antd';
import type { ReactNode } from 'react';

export interface FigureColumn<Row> {
  key: string;
  title: string;
  render: (row: Row) => ReactNode;
}

/**
 * A plain table of figures for the dashboard: a semantic <table> without antd's Table (which
 * would double the dashboard's first load); the case queue and other lists use antd's Table.
 */
export function FigureTable<Row>({
  rows,
  rowKey,
  columns,
  caption,
}: {
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  columns: ReadonlyArray<FigureColumn<Row>>;
  caption: string;
}) {
  const { token } = theme.useToken();
  const cell = {
    padding: '6px 8px',
    borderBottom: `1px solid ${token.colorBorderSecondary}`,
    textAlign: 'left' as const,
  };
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: token.fontSizeSM }}>
        <caption style={{ textAlign: 'left', padding: '8px 0', color: token.colorTextSecondary }}>
          {caption}
        </caption>
        <thead>
          <tr style={{ background: token.colorFillAlter }}>
            {columns.map((column) => (
              <th key={column.key} scope="col" style={cell}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} style={cell}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
