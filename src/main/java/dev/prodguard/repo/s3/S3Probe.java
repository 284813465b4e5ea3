package dev.prodguard.repo.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;

/** What only object storage can be asked: does the bucket answer, and is Object Lock enabled on it (for doctor). */
public final class S3Probe {
    /** The bucket's answer: {@code ok}, or the HTTP status and one line on what went wrong. */
    public record Answer(boolean ok, int status, String detail) {}

    private final S3Storage storage;

    public S3Probe(S3Storage storage) {
        this.storage = storage;
    }

    /** HEAD on the bucket: 200 reachable with valid credentials; 403 credentials refused; 404 no such bucket. */
    public Answer bucket() {
        try {
            storage.client().headBucket(HeadBucketRequest.builder().bucket(storage.bucket()).build());
            return new Answer(true, 200, "bucket " + storage.bucket() + " answers");
        } catch (SdkException e) {
            return new Answer(false, S3Errors.status(e), S3Errors.describe(e));
        }
    }

    /** Whether the bucket has Object Lock enabled (the answer's detail names its default retention, if any). */
    public Answer objectLock() {
        try {
            var c = storage.client().getObjectLockConfiguration(GetObjectLockConfigurationRequest.builder()
                    .bucket(storage.bucket()).build()).objectLockConfiguration();
            boolean on = c != null && c.objectLockEnabled() == ObjectLockEnabled.ENABLED;
            String rule = c == null || c.rule() == null || c.rule().defaultRetention() == null ? "no default retention"
                    : "default retention " + c.rule().defaultRetention().modeAsString();
            return new Answer(on, 200, on ? "enabled (" + rule + ")" : "not enabled on bucket " + storage.bucket());
        } catch (SdkException e) {
            int status = S3Errors.status(e);
            String code = S3Errors.code(e);
            if (status == 404 || code.equals("ObjectLockConfigurationNotFoundError")) {
                return new Answer(false, 404, "not enabled on bucket " + storage.bucket());
            }
            return new Answer(false, status, S3Errors.describe(e));
        }
    }
}
