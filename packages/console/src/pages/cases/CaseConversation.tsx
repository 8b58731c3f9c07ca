import type { Schema } from '@ezhili/sdk';
import { Alert, Button, Empty, Form, Input, List, Tag, Typography } from 'antd';
import { formatDateTime } from '../../format/dates.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { useAddNote, usePostMessage } from './case-queries.js';

type CaseMessage = Schema<'CaseMessage'>;
type CaseNote = Schema<'CaseNote'>;

/** Messages with the reporter, who appears only as the tip's identity code. */
export function CaseMessages({
  caseId,
  identityCode,
  messages,
  canReply,
}: {
  caseId: string;
  identityCode: string;
  messages: readonly CaseMessage[];
  canReply: boolean;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ body: string }>();
  const post = usePostMessage(caseId);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => post.mutateAsync({ body: values.body.trim() }),
    {
      body: 'body',
    },
  );
  return (
    <>
      {messages.length === 0 ? (
        <Empty description={t('messages.none')} />
      ) : (
        <List
          dataSource={[...messages]}
          renderItem={(message) => (
            <List.Item key={message.id}>
              <List.Item.Meta
                title={
                  <>
                    {message.from === 'reporter' ? (
                      <Tag color="orange">{t('messages.reporter', { code: identityCode })}</Tag>
                    ) : (
                      <Tag color="blue">{t('messages.handler')}</Tag>
                    )}{' '}
                    <Typography.Text type="secondary">
                      {formatDateTime(message.sentAt, locale)}
                    </Typography.Text>
                  </>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                      {message.body}
                    </Typography.Paragraph>
                    {message.attachments.map((attachment) => (
                      <Tag key={attachment.evidenceId}>
                        {t(`messages.attachment.${attachment.kind}`)} · {attachment.sha256.slice(0, 12)}…
                      </Tag>
                    ))}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {canReply ? (
        <Form form={form} layout="vertical" onFinish={submit} aria-label={t('messages.reply')}>
          <Form.Item
            name="body"
            label={t('messages.reply')}
            extra={t('messages.replyHelp')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('messages.reply') }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Button htmlType="submit" loading={busy}>
            {t('messages.send')}
          </Button>
        </Form>
      ) : null}
    </>
  );
}

/** Internal notes: staff only, never shown to the reporter. */
export function CaseNotes({
  caseId,
  notes,
  canAdd,
}: {
  caseId: string;
  notes: readonly CaseNote[];
  canAdd: boolean;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ body: string }>();
  const add = useAddNote(caseId);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => add.mutateAsync({ body: values.body.trim() }),
    {
      body: 'body',
    },
  );
  return (
    <>
      {notes.length === 0 ? (
        <Empty description={t('notes.none')} />
      ) : (
        <List
          dataSource={[...notes]}
          renderItem={(note) => (
            <List.Item key={note.id}>
              <List.Item.Meta
                title={
                  <Typography.Text type="secondary">
                    {note.authorStaffId} · {formatDateTime(note.createdAt, locale)}
                  </Typography.Text>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{note.body}</span>}
              />
            </List.Item>
          )}
        />
      )}
      {canAdd ? (
        <Form form={form} layout="vertical" onFinish={submit} aria-label={t('notes.add')}>
          <Form.Item
            name="body"
            label={t('notes.add')}
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('notes.add') }) },
            ]}
          >
            <Input.TextArea rows={2} maxLength={10000} />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Button htmlType="submit" loading={busy}>
            {t('notes.save')}
          </Button>
        </Form>
      ) : null}
    </>
  );
}
