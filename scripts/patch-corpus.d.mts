export interface CorpusCase {
  name: string;
  path: string;
  before: string;
  after: string;
}
export interface Variant {
  name: string;
  patch: string;
  expect: 'apply' | 'refuse';
}
export function makeDiff(path: string, before: string, after: string, context?: number): string;
export function historyCases(limit?: number): CorpusCase[];
export function corpusCases(): CorpusCase[];
export function variants(c: CorpusCase): Variant[];
