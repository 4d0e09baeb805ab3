import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import type { Lang } from '../i18n';

/** An ECharts chart sized to its container; option changes re-render it. */
export function Chart({
  option,
  height = 320,
  label,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const onResize = () => chart.current?.resize();
    window.addEventListener('resize', onResize);
    // the container settles after the first paint (menu, fonts, scrollbar): follow its width too
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
    observer?.observe(ref.current);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

/**
 * A value axis in yuan with its unit written along the axis (beside the legend on top it overlapped
 * the legend on a phone). `unit` defaults to 元 / CNY; `gap` leaves room for the widest tick label;
 * 15 % headroom above the highest value keeps a bar's value label clear of the top tick label.
 */
export function yuanAxis(
  lang: Lang,
  { unit, gap = 56 }: { unit?: { zh: string; en: string }; gap?: number } = {},
) {
  const u = unit ?? { zh: '元', en: 'CNY' };
  return {
    type: 'value',
    name: lang === 'zh' ? u.zh : u.en,
    nameLocation: 'middle',
    nameGap: gap,
    boundaryGap: [0, '15%'],
  } as const;
}
