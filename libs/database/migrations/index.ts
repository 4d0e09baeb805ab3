import { Foundation1763884800000 } from './1763884800000-Foundation';
import { HardshipAndAid1763971200000 } from './1763971200000-HardshipAndAid';
import { ReservationExpiry1764057600000 } from './1764057600000-ReservationExpiry';
import { EarlyWarning1764100000000 } from './1764100000000-EarlyWarning';
import { Loans1764200000000 } from './1764200000000-Loans';
import { SubsidyAndRecert1764400000000 } from './1764400000000-SubsidyAndRecert';
import { Reassessment1764300000000 } from './1764300000000-Reassessment';
import { Attachments1764500000000 } from './1764500000000-Attachments';
import { LoanOldestUnpaid1765100000000 } from './1765100000000-LoanOldestUnpaid';
import { InboxIndexes1765100000001 } from './1765100000001-InboxIndexes';
import { Accounts1765200000000 } from './1765200000000-Accounts';
import { EncryptFreeText1765300000000 } from './1765300000000-EncryptFreeText';
import { MembersAndOrgTree1765600000000 } from './1765600000000-MembersAndOrgTree';
import { Campaigns1765800000000 } from './1765800000000-Campaigns';
import { AuditPathFollowsMoves1765850000000 } from './1765850000000-AuditPathFollowsMoves';
import { HrImports1765700000000 } from './1765700000000-HrImports';
import { ConsoleNumbersAndRules1765500000000 } from './1765500000000-ConsoleNumbersAndRules';
import { HelpPlans1766000000000 } from './1766000000000-HelpPlans';
import { Evaluation1766100000000 } from './1766100000000-Evaluation';
import { Pairing1765900000000 } from './1765900000000-Pairing';

/** Every migration, in order. Listed explicitly so bundlers and jest need no globbing. */
export const MIGRATIONS = [
  Foundation1763884800000,
  HardshipAndAid1763971200000,
  ReservationExpiry1764057600000,
  EarlyWarning1764100000000,
  Loans1764200000000,
  SubsidyAndRecert1764400000000,
  Reassessment1764300000000,
  Attachments1764500000000,
  LoanOldestUnpaid1765100000000,
  InboxIndexes1765100000001,
  Accounts1765200000000,
  EncryptFreeText1765300000000,
  MembersAndOrgTree1765600000000,
  Campaigns1765800000000,
  AuditPathFollowsMoves1765850000000,
  HrImports1765700000000,
  ConsoleNumbersAndRules1765500000000,
  HelpPlans1766000000000,
  Evaluation1766100000000,
  Pairing1765900000000,
];
