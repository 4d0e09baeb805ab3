import { Grid } from 'antd';

/** Narrower than antd's md breakpoint (768 px): the phone layout (cards, collapsed menu). */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // before the first measurement antd reports {}: decide from the window
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
