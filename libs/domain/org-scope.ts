/**
 * Org units form a tree; each unit stores a materialised path of ids ("1.2.5").
 * A user acts within the subtree of their own unit: higher levels see lower ones.
 */
export function orgPath(parentPath: string | null, id: string): string {
  return parentPath ? `${parentPath}.${id}` : id;
}

/** True when `unitPath` is the user's unit or lies below it. */
export function isWithinScope(userUnitPath: string, unitPath: string): boolean {
  return unitPath === userUnitPath || unitPath.startsWith(`${userUnitPath}.`);
}
