import { Grid } from 'antd';

/** Narrower than antd's md breakpoint (768 px): the phone layout (cards, collapsed menu). */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // before the first measurement antd reports {}: decide from the window
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}

/** The window is at least antd's xl breakpoint (1200 px): side columns stand beside the main one. */
export function useIsWide(): boolean {
  const screens = Grid.useBreakpoint();
  // before the first measurement antd reports {}: decide from the window, so that a page does not
  // render narrow first and move (and remount) its parts once measured
  if (screens.xl === undefined) return typeof window !== 'undefined' && window.innerWidth >= 1200;
  return screens.xl;
}
