import { beforeAll, describe, expect, it } from 'vitest';
import { useLanguage } from '../i18n/i18n';
import { acceptedContentType, checkPicked, emptyFileMessage, isTooLarge, unsupportedTypeMessage } from './file-checks';

// The messages are the English catalog's.
beforeAll(() => useLanguage('en'));

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type });

describe('which picked files are accepted', () => {
  it.each([
    ['card.jpg', 'image/jpeg', 'image/jpeg'],
    ['card.jpg', 'image/jpg', 'image/jpeg'],
    ['card.PNG', 'image/png', 'image/png'],
    ['card.pdf', 'application/pdf', 'application/pdf'],
    ['IMG_0001.HEIC', '', 'image/heic'],
    ['IMG_0001.heif', 'application/octet-stream', 'image/heif'],
    ['card.gif', 'image/gif', null],
    ['card.txt', '', null],
    ['notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', null],
  ])('%s reported as “%s” → %s', (name, type, accepted) => {
    expect(acceptedContentType(file(name, type))).toBe(accepted);
  });

  it('an empty file is refused before any upload, in the portal and the dashboard alike', () => {
    expect(checkPicked(file('card.png', 'image/png', 0))).toEqual({ ok: false, message: emptyFileMessage() });
  });

  it('an unsupported type is refused with the reason', () => {
    expect(checkPicked(file('card.gif', 'image/gif'))).toEqual({ ok: false, message: unsupportedTypeMessage() });
  });

  it('a good file comes back with its content type', () => {
    const picked = file('IMG_0001.HEIC', '');
    expect(checkPicked(picked)).toEqual({ ok: true, file: picked, contentType: 'image/heic' });
  });

  it('the limit is 10 MiB, inclusive', () => {
    expect(isTooLarge(file('a.pdf', 'application/pdf', 10 * 1024 * 1024))).toBe(false);
    expect(isTooLarge(file('a.pdf', 'application/pdf', 10 * 1024 * 1024 + 1))).toBe(true);
  });
});
