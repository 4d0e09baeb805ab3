import { AidCase } from './aid-case.entity';
import { Household } from './household.entity';
import { OrgUnit } from './org-unit.entity';
import { Program } from './program.entity';
import { Task } from './task.entity';
import { User } from './user.entity';
import { Worker } from './worker.entity';

export { AidCase, Household, OrgUnit, Program, Task, User, Worker };

export const ENTITIES = [OrgUnit, User, Household, Worker, Program, AidCase, Task];
