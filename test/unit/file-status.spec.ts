import {
  ENDED_FILE_STATUSES,
  OPEN_FILE_STATUSES,
  fileHasEnded,
  fileHasEndedSql,
  fileIsOpenSql,
} from '../../libs/domain/file-status';

describe('hardship-file statuses', () => {
  it('are open or ended, never both', () => {
    expect(OPEN_FILE_STATUSES.filter((s) => (ENDED_FILE_STATUSES as readonly string[]).includes(s))).toEqual(
      [],
    );
    for (const s of OPEN_FILE_STATUSES) expect(fileHasEnded(s)).toBe(false);
    for (const s of ENDED_FILE_STATUSES) expect(fileHasEnded(s)).toBe(true);
    expect(fileHasEnded('unknown')).toBe(false);
  });

  it('give the SQL predicates over the ended list', () => {
    expect(fileIsOpenSql('f.status')).toBe(`f.status NOT IN ('rejected','withdrawn','closed')`);
    expect(fileHasEndedSql('$2')).toBe(`$2 IN ('rejected','withdrawn','closed')`);
  });
});
