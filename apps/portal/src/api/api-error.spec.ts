import { ApiError, errorFromResponse, sentenceOf } from './api-error';

describe('errorFromResponse', () => {
  it('should use the envelope message, with each rejected field named', () => {
    const error = errorFromResponse(400, {
      code: 'validation_failed',
      message: 'The request body is invalid.',
      validations: [
        { field: 'username', message: 'letters, digits and . _ @ - only' },
        { field: 'password', message: 'must be at least 12 characters' },
      ],
    });
    expect([error.status, error.code]).toEqual([400, 'validation_failed']);
    expect(error.message).toBe('The request body is invalid: username letters, digits and . _ @ - only; password must be at least 12 characters.');
  });

  it('should name the error id of a server failure, so a person can report it', () => {
    expect(errorFromResponse(500, { code: 'internal', message: 'Something failed.', errorId: 'e-42' }).message).toBe('Something failed. (error id e-42)');
  });

  it('should never show a body that is not an envelope (raw JSON or an HTML error page)', () => {
    expect(errorFromResponse(502, '<html>bad gateway</html>').message).toBe('The server had a problem; try again in a moment.');
    expect(errorFromResponse(418, { unexpected: true }).message).toBe('The request failed (HTTP 418).');
  });
});

describe('sentenceOf', () => {
  it('should keep an API error sentence and hide anything else', () => {
    expect(sentenceOf(new ApiError(409, 'x', 'You already have 2 live sessions; end one first.'))).toBe('You already have 2 live sessions; end one first.');
    expect(sentenceOf(new TypeError('undefined is not a function'))).toBe('Something went wrong in the page; reload it and try again.');
  });
});
