import type { Attachment, Policy } from '$shared/schemas';
import { describe, expect, it } from 'vitest';
import { itemsFrom, keptIds, newItem, pendingUploadProblem, rebasedItems, type AttachmentItem } from './attachment-items';

const saved = (...ids: string[]) =>
  ({
    attachments: ids.map((attachmentId) => ({
      attachmentId,
      fileName: `${attachmentId}.png`,
      contentType: 'image/png',
      size: 5,
      side: 'front',
    })),
  }) as unknown as Policy;
const upload = (status: AttachmentItem['status'], attachmentId: string | null = null): AttachmentItem => ({
  ...newItem(new File([new Uint8Array(3)], 'new.png', { type: 'image/png' }), 'image/png', 'back' as Attachment['side']),
  status,
  attachmentId,
});

describe('the policy editor’s file list', () => {
  it('sends the saved files and finished uploads, in order, and nothing still uploading or failed', () => {
    expect(keptIds([...itemsFrom(saved('A', 'B')), upload('done', 'N'), upload('uploading'), upload('error')])).toEqual(['A', 'B', 'N']);
  });

  it.each([
    [[upload('done', 'N')], null],
    [[upload('done', 'N'), upload('uploading')], 'Wait for the upload to finish, then save'],
    [[upload('error')], 'An upload failed: retry it or remove it'],
    [[upload('error'), upload('uploading')], 'Wait for the upload to finish, then save'],
  ])('save is held back while files are pending: %#', (items, problem) => expect(pendingUploadProblem(items)).toBe(problem));

  it('after a rebase: the latest policy’s kept files, then this form’s uploads', () => {
    const mine = [...itemsFrom(saved('A', 'B')), upload('done', 'N')];
    const next = rebasedItems(saved('B', 'C'), ['B', 'C', 'N'], mine);
    expect(next.map((item) => [item.attachmentId, item.existing])).toEqual([
      ['B', true],
      ['C', true],
      ['N', false],
    ]);
  });
});
