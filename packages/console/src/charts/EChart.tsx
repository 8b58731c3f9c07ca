import type { EChartsCoreOption } from 'echarts/core';
import { init } from 'echarts/core';
import { useEffect, useRef } from 'react';
import './register-basic-charts.js';

export interface EChartProps {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, for screen readers (echarts' aria adds the data description). */
  label: string;
}

/**
 * One chart, SVG-rendered (crisp, and in the DOM with its aria description). Only the chart
 * types registered in register-basic-charts.ts are bundled.
 */
export default function EChart({ option, height = 320, label }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);

  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
