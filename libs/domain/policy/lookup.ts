/** Look-ups in a policy document. Pure: imported by workflow code. */
import type { PolicyData, ProgramPolicy } from '../policy-types';

export function findProgram(policy: PolicyData, code: string): ProgramPolicy | undefined {
  return policy.programs.find((p) => p.code === code);
}
