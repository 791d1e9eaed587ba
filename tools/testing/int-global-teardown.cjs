module.exports = async () => {
  await globalThis.__ATRIUM_POSTGRES__?.stop();
};
