package dev.prodguard.repo;

import java.io.IOException;
import java.io.OutputStream;

/** A write into a {@link MirroredStorage}: one stream into both targets; the primary's commit decides, the mirror's is best effort. */
final class MirrorWriter implements Storage.StorageWriter {
    private final MirroredStorage owner;
    private final String key;
    private final Storage.StorageWriter primaryWriter;
    private Storage.StorageWriter mirrorWriter;
    private final OutputStream stream;

    MirrorWriter(MirroredStorage owner, String key, Storage.StorageWriter primaryWriter, Storage.StorageWriter mirrorWriter) {
        this.owner = owner;
        this.key = key;
        this.primaryWriter = primaryWriter;
        this.mirrorWriter = mirrorWriter;
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                primaryWriter.stream().write(b, off, len);
                if (MirrorWriter.this.mirrorWriter != null) {
                    try {
                        MirrorWriter.this.mirrorWriter.stream().write(b, off, len);
                    } catch (IOException e) {
                        dropMirror(e);
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                primaryWriter.stream().flush();
            }
        };
    }

    private void dropMirror(IOException e) {
        owner.mirrorFailed("write", key, e);
        try {
            mirrorWriter.close();
        } catch (IOException ignored) {
            // the mirror's partial write is discarded
        }
        mirrorWriter = null;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void commit() throws IOException {
        owner.onPrimary(() -> {
            primaryWriter.commit();
            return null;
        });
        commitMirror(false);
    }

    @Override
    public void publish() throws IOException {
        owner.onPrimary(() -> {
            primaryWriter.publish();
            return null;
        });
        commitMirror(true);
    }

    private void commitMirror(boolean publish) {
        if (mirrorWriter == null) {
            return;
        }
        try {
            if (publish) {
                mirrorWriter.publish();
            } else {
                mirrorWriter.commit();
            }
            owner.mirrorOk();
        } catch (IOException e) {
            owner.mirrorFailed("commit", key, e);
        } finally {
            try {
                mirrorWriter.close();
            } catch (IOException ignored) {
                // committed or discarded
            }
            mirrorWriter = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            primaryWriter.close();
        } finally {
            if (mirrorWriter != null) {
                try {
                    mirrorWriter.close();
                } catch (IOException ignored) {
                    // discarded
                }
            }
        }
    }
}
