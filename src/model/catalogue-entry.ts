/** One data problem of the issue catalogue (src/model/issue-catalogue.ts). */
export type CatalogueEntry = {
  readonly severity: 'error' | 'warning' | 'info';
  readonly title: string;
  readonly message: string;
  readonly hint: string;
  /**
   * The message as a letter to the unit words it, when it differs: no pair ids, scores or district
   * paths ({other} is then a place the unit knows: its own row, or the other unit's name).
   */
  readonly letter?: string;
};
