package dev.prodguard.repo.s3;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A write-once object in progress: up to {@link PartSizes#FIRST} bytes become one conditional PUT at commit;
 * beyond that a multipart upload starts and each part is sent as soon as it is full ({@link PartSizes}), so
 * memory holds at most one part (spilled to disk above 8 MiB, {@link PartBuffer}). Completing the upload is
 * the atomic commit ({@code If-None-Match: *} where the provider has it); any failure, or closing without
 * commit, aborts the upload so that no incomplete upload is left to be billed.
 */
final class S3ObjectWriter implements Storage.StorageWriter {
    private final S3Storage storage;
    private final String key;
    private final PartBuffer buffer = new PartBuffer();
    private final List<CompletedPart> parts = new ArrayList<>();
    private final OutputStream stream;
    private String uploadId;
    private boolean done;
    private long written;

    S3ObjectWriter(S3Storage storage, String key) {
        this.storage = storage;
        this.key = key;
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (done) {
                    throw new IOException("write of " + storage.where(key) + " was already closed");
                }
                while (len > 0) {
                    long room = PartSizes.size(parts.size() + 1) - buffer.size();
                    int n = (int) Math.min(len, room);
                    buffer.write(b, off, n);
                    written += n;
                    off += n;
                    len -= n;
                    if (buffer.size() == PartSizes.size(parts.size() + 1)) {
                        sendPart();
                    }
                }
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(storage.bucket())
                        .key(storage.location().objectKey(key));
                if (storage.lockWrites()) {
                    b.objectLockMode(ObjectLockMode.fromValue(storage.options().lockMode().name()))
                            .objectLockRetainUntilDate(storage.retentionForNewObject());
                }
                uploadId = storage.client().createMultipartUpload(b.build()).uploadId();
            }
            int n = parts.size() + 1;
            var r = storage.client().uploadPart(UploadPartRequest.builder().bucket(storage.bucket())
                    .key(storage.location().objectKey(key)).uploadId(uploadId).partNumber(n)
                    .contentLength(buffer.size()).build(), buffer.body());
            parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).build());
            buffer.reset();
        } catch (SdkException e) {
            abort();
            throw S3Errors.io("upload of part " + (parts.size() + 1) + " of", storage.where(key), e);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            throw new IOException("write of " + storage.where(key) + " was already closed");
        }
        try {
            if (uploadId == null && storage.conditionalWrites()) {
                if (!storage.putNew(key, buffer.bytes())) {
                    throw S3Storage.alreadyExists(storage.where(key));
                }
            } else if (uploadId == null) {
                storage.putUnique(key, buffer.bytes());
            } else {
                if (buffer.size() > 0) {
                    sendPart();
                }
                complete();
            }
        } catch (S3Storage.ConditionalUnsupported e) {
            if (!storage.putIfAbsent(key, buffer.bytes())) { // notes that the provider has none, then falls back
                throw S3Storage.alreadyExists(storage.where(key));
            }
        } finally {
            close();
        }
    }

    private void complete() throws IOException {
        CompleteMultipartUploadRequest.Builder b = CompleteMultipartUploadRequest.builder().bucket(storage.bucket())
                .key(storage.location().objectKey(key)).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
        boolean conditional = storage.conditionalWrites();
        if (conditional) {
            b.ifNoneMatch("*");
        }
        try {
            storage.client().completeMultipartUpload(b.build());
            uploadId = null;
        } catch (SdkException e) {
            if (S3Errors.status(e) == 412) {
                // a retried completion whose first attempt succeeded: the object is ours when it has our size
                var head = S3Storage.attempted(e) > 1 ? storage.head(key) : null;
                if (head != null && head.contentLength() == written) {
                    uploadId = null;
                    return;
                }
                throw S3Storage.alreadyExists(storage.where(key));
            }
            if (conditional && S3Errors.notImplemented(e)) { // data keys are random: completing without the condition is safe
                storage.client().completeMultipartUpload(b.ifNoneMatch(null).build());
                uploadId = null;
                return;
            }
            throw S3Errors.io("completing the upload of", storage.where(key), e);
        }
    }

    /** Aborts the multipart upload, if one was started and not completed (best effort: a lifecycle rule is the backstop). */
    private void abort() {
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            storage.client().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(storage.bucket())
                    .key(storage.location().objectKey(key)).uploadId(id).build());
        } catch (SdkException e) {
            org.slf4j.LoggerFactory.getLogger(S3ObjectWriter.class).warn("could not abort the incomplete upload {} of {}: {};"
                    + " a bucket lifecycle rule 'abort incomplete multipart uploads after 1 day' removes it",
                    id, storage.where(key), S3Errors.describe(e));
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        abort();
        buffer.close();
    }
}
