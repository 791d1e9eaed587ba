import { categoriesOf, filterTargets, SERVERS_CATEGORY, type LaunchTarget } from './launch-target';

const workspace = (name: string, categories: string[], description = ''): LaunchTarget => ({
  kind: 'workspace',
  id: name,
  name,
  description,
  iconUrl: null,
  categories,
});
const server: LaunchTarget = {
  kind: 'server',
  id: 'build-box',
  name: 'build-box',
  description: 'SSH to 10.0.0.5:22',
  iconUrl: null,
  categories: [SERVERS_CATEGORY],
  promptsForCredentials: false,
};
const catalogue = [
  workspace('Chromium', ['Browsers'], 'A disposable browser'),
  workspace('LibreOffice', ['Office']),
  workspace('Firefox', ['Browsers']),
  server,
];

describe('the launcher filter', () => {
  it('should list each category once, alphabetically, with servers last', () => {
    expect(categoriesOf(catalogue)).toEqual(['Browsers', 'Office', SERVERS_CATEGORY]);
    expect(categoriesOf([workspace('Terminal', [])])).toEqual([]);
  });

  it('should keep only the chosen category', () => {
    expect(filterTargets(catalogue, '', 'Browsers').map((target) => target.name)).toEqual(['Chromium', 'Firefox']);
    expect(filterTargets(catalogue, '', SERVERS_CATEGORY)).toEqual([server]);
  });

  it('should search names, descriptions and categories, ignoring case, every word', () => {
    expect(filterTargets(catalogue, 'chrom').map((target) => target.name)).toEqual(['Chromium']);
    expect(filterTargets(catalogue, 'DISPOSABLE browser').map((target) => target.name)).toEqual(['Chromium']);
    expect(filterTargets(catalogue, 'office').map((target) => target.name)).toEqual(['LibreOffice']);
    expect(filterTargets(catalogue, 'ssh').map((target) => target.name)).toEqual(['build-box']);
    expect(filterTargets(catalogue, 'nothing-like-this')).toEqual([]);
  });

  it('should search within the chosen category only', () => {
    expect(filterTargets(catalogue, 'fire', 'Office')).toEqual([]);
  });
});
