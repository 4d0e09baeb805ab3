import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { chinaDate } from '../../../../libs/domain/calendar';
import { tuitionAmount, tuitionWindow } from '../../../../libs/domain/tuition';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { TuitionRepository } from '../../../../libs/tuition/tuition.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { CasesService } from '../cases/cases.service';
import type {
  CreateTuitionApplicationDto,
  TuitionApplicationViewDto,
  TuitionOptionsDto,
  TuitionReportDto,
} from './dto/tuition.dto';
import { TuitionExceptions } from './tuition.exceptions';

/**
 * 金秋助学 as a program on the aid-case path: the window, the amount by level and the claim on the
 * child's school year are checked here; the case then runs the aid-case workflow (eligibility,
 * approval chain, reservation, payment once on the ledger) like every program.
 */
@Injectable()
export class TuitionService {
  constructor(
    private readonly policy: PolicyRepository,
    private readonly tuition: TuitionRepository,
    private readonly cases: CasesService,
  ) {}

  async apply(dto: CreateTuitionApplicationDto, user: AuthUser): Promise<TuitionApplicationViewDto> {
    const policy = await this.policy.current();
    const p = policy.data.tuition;
    const window = tuitionWindow(p, chinaDate(new Date()));
    if (!window.open) throw TuitionExceptions.outsideWindow(window.from, window.to);
    const amountFen = tuitionAmount(p, dto.level);
    if (amountFen === null) throw TuitionExceptions.unknownLevel(p.levels.map((l) => l.code));
    const h = await this.tuition.households({
      householdMemberId: dto.householdMemberId,
      workerId: dto.workerId,
    });
    if (!h.member || h.member !== h.worker) throw TuitionExceptions.notOfHousehold();
    const id = randomUUID();
    // the claim first: a second application for the child (another parent, a double click) stops here
    await this.tuition.claim({
      id,
      workerId: dto.workerId,
      householdMemberId: dto.householdMemberId,
      schoolYear: window.schoolYear,
      level: dto.level,
      school: dto.school,
      amountFen,
      policyVersion: policy.version,
      createdBy: user.userId,
    });
    const level = p.levels.find((l) => l.code === dto.level)!;
    let c;
    try {
      c = await this.cases.create(
        {
          workerId: dto.workerId,
          program: p.programCode,
          amountFen,
          reason: `金秋助学 ${window.schoolYear}：${h.childName ?? ''} ${level.nameZh} ${dto.school}`,
        },
        user,
        `tuition:${id}`,
        'tuition',
      );
    } catch (err) {
      await this.tuition.release(id);
      throw err;
    }
    await this.tuition.attachCase(id, c.id);
    return {
      caseId: c.id,
      caseNo: c.caseNo,
      status: c.status,
      childName: h.childName ?? '',
      level: dto.level,
      school: dto.school,
      schoolYear: window.schoolYear,
      amountFen,
      attachmentUrl: `/api/cases/${c.id}/attachments`,
    };
  }

  /** This year's window and the levels with their amounts, under the policy in force. */
  async options(): Promise<TuitionOptionsDto> {
    const policy = await this.policy.current();
    const w = tuitionWindow(policy.data.tuition, chinaDate(new Date()));
    return { ...w, policyVersion: policy.version, levels: policy.data.tuition.levels };
  }

  async report(schoolYear: string, user: AuthUser): Promise<TuitionReportDto> {
    return { schoolYear, rows: await this.tuition.report(schoolYear, user.orgPath) };
  }
}
