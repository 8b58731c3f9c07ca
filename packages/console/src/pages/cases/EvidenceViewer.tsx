import type { Schema } from '@ezhili/sdk';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { useT } from '../../i18n/I18nContext.js';

type Evidence = Schema<'EvidenceSummary'>;

async function sha256Hex(blob: Blob): Promise<string | null> {
  // Web Crypto exists only in secure contexts (https, localhost); elsewhere the check is skipped.
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One evidence file, fetched through the SDK (so it works on a bearer token and on the cookie
 * session) and shown from a blob: URL: images inline, video playing. The hash of the bytes
 * received is compared with the stored file's hash.
 */
function EvidenceItem({ caseId, evidence }: { caseId: string; evidence: Evidence }) {
  const t = useT();
  const client = useClient();
  const file = useQuery({
    queryKey: ['cases', 'evidence', caseId, evidence.id],
    queryFn: async () => {
      const download = await client.cases.downloadEvidence(caseId, evidence.id);
      const blob = await new Response(download.body).blob();
      return { blob: new Blob([blob], { type: download.contentType }), sha256: await sha256Hex(blob) };
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.data) return;
    const objectUrl = URL.createObjectURL(file.data.blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file.data]);

  const isImage = evidence.contentType.startsWith('image/');
  const isVideo = evidence.contentType.startsWith('video/');
  const verified = file.data?.sha256;
  return (
    <Card size="small">
      {file.error ? <Alert type="error" showIcon title={file.error.message} /> : null}
      {!url && !file.error ? <Spin /> : null}
      {url && isImage ? (
        <img
          src={url}
          alt={t('evidence.image', { id: evidence.id })}
          style={{ maxWidth: '100%', maxHeight: 360 }}
        />
      ) : null}
      {url && isVideo ? (
        // biome-ignore lint/a11y/useMediaCaption: reporters' evidence videos have no captions
        <video src={url} controls preload="metadata" style={{ maxWidth: '100%', maxHeight: 360 }} />
      ) : null}
      <Space orientation="vertical" size={2} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {evidence.contentType} · {(evidence.size / 1024).toFixed(1)} KiB
        </Typography.Text>
        <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
          SHA-256 {evidence.sha256}
        </Typography.Text>
        {verified === undefined ? null : verified === null ? (
          <Tag>{t('evidence.hashUnchecked')}</Tag>
        ) : verified === evidence.sha256 ? (
          <Tag color="green">{t('evidence.hashMatches')}</Tag>
        ) : (
          <Tag color="red">{t('evidence.hashMismatch')}</Tag>
        )}
      </Space>
    </Card>
  );
}

export function EvidenceViewer({ caseId, evidence }: { caseId: string; evidence: readonly Evidence[] }) {
  const t = useT();
  if (evidence.length === 0) return <Empty description={t('evidence.none')} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('evidence.stripped')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {evidence.map((item) => (
          <Col key={item.id} xs={24} md={12}>
            <EvidenceItem caseId={caseId} evidence={item} />
          </Col>
        ))}
      </Row>
    </>
  );
}
