import { APIError, PipelineError, serviceErrorCode } from './index.js';

describe('APIError', () => {
  it.each([
    ['claude', 'CLAUDE_API_ERROR'],
    ['Claude', 'CLAUDE_API_ERROR'],
    ['REPLICATE', 'REPLICATE_API_ERROR'],
    ['ElevenLabs', 'ELEVENLABS_API_ERROR'],
    ['OpenAI', 'OPENAI_API_ERROR'],
    [' openai ', 'OPENAI_API_ERROR'],
    ['stripe', 'EXTERNAL_API_ERROR'],
    ['', 'EXTERNAL_API_ERROR'],
    ['constructor', 'EXTERNAL_API_ERROR'],
  ])('maps service %p to %s', (service, code) => {
    expect(serviceErrorCode(service)).toBe(code);
    expect(new APIError(service, 'x').code).toBe(code);
  });

  it('records service and status', () => {
    const error = new APIError('Replicate', 'prediction failed', 500, { predictionId: 'p1' });
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({
      name: 'APIError',
      service: 'Replicate',
      upstreamStatus: 500,
      status: 502,
      statusCode: 502,
      httpStatus: 502,
      retryable: true,
    });
    expect(error.details).toEqual({ predictionId: 'p1', service: 'Replicate', upstreamStatus: 500 });
  });

  it('omits upstreamStatus when there is no status', () => {
    expect(new APIError('claude', 'x').details).toEqual({ service: 'claude' });
  });

  it.each([400, 401, 403, 404, 409, 422, 501, 505])('makes %i final', (status) => {
    expect(new APIError('openai', 'x', status).retryable).toBe(false);
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('keeps %i retryable', (status) => {
    expect(new APIError('openai', 'x', status).retryable).toBe(true);
  });

  it('keeps the service code for a 429', () => {
    expect(new APIError('elevenlabs', 'quota', 429).code).toBe('ELEVENLABS_API_ERROR');
  });

  it('lets options.retryable win', () => {
    expect(new APIError('claude', 'x', 503, {}, { retryable: false }).retryable).toBe(false);
    expect(new APIError('claude', 'x', 400, {}, { retryable: true }).retryable).toBe(true);
  });
});
