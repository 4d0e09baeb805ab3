import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './names';

export const CaseStatusKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.caseStatus,
  SearchAttributeType.KEYWORD,
);
export const ProgramKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.program, SearchAttributeType.KEYWORD);
export const OrgUnitKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.orgUnit, SearchAttributeType.KEYWORD);
