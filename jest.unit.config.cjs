// Unit tier for the whole workspace in one run (what `npm test` uses); `nx test <project>` runs one project.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.cjs', '<rootDir>/libs/*/jest.config.cjs'],
};
