import { describe, expect, it } from 'vitest';
import { hostNeedingPermission } from './model-host';

describe('hostNeedingPermission', () => {
  it('asks for nothing on hosts the manifest already grants', () => {
    expect(hostNeedingPermission('http://localhost:11434/v1')).toBeNull();
    expect(hostNeedingPermission('http://127.0.0.1:1234/v1')).toBeNull();
    expect(hostNeedingPermission('https://api.openai.com/v1')).toBeNull();
  });

  it('asks for the origin of any other host, port included', () => {
    expect(hostNeedingPermission('https://llm.example.com:8443/v1')).toBe('https://llm.example.com:8443');
    expect(hostNeedingPermission('https://openrouter.ai/api/v1')).toBe('https://openrouter.ai');
  });

  it('asks when the scheme differs from the one granted', () => {
    expect(hostNeedingPermission('https://localhost:8443/v1')).toBe('https://localhost:8443');
    expect(hostNeedingPermission('http://api.openai.com/v1')).toBe('http://api.openai.com');
  });

  it('leaves values that are not http(s) URLs to the background to reject', () => {
    expect(hostNeedingPermission('not a url')).toBeNull();
    expect(hostNeedingPermission('ftp://example.com')).toBeNull();
  });
});
