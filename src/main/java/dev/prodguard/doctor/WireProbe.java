package dev.prodguard.doctor;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Speaks just enough of MongoDB's wire protocol (one OP_MSG command, one reply) to ask a server
 * {@code hello} before any driver, credentials or connection pool is involved.
 */
final class WireProbe {
    private static final int OP_REPLY = 1;
    private static final int OP_MSG = 2013;
    private static final int MAX_REPLY = 48_000_000;
    private static final AtomicInteger REQUEST_IDS = new AtomicInteger(1);

    /** The server answered with bytes that are not a MongoDB reply. */
    static final class NotMongoDb extends IOException {
        private static final long serialVersionUID = 1L;

        NotMongoDb(String message) {
            super(message);
        }
    }

    private WireProbe() {}

    /** Sends {@code command} (which must name its {@code $db}) and returns the server's reply document. */
    static BsonDocument command(Socket socket, BsonDocument command) throws IOException {
        RawBsonDocument body = new RawBsonDocument(command, new BsonDocumentCodec());
        ByteBuffer bson = body.getByteBuffer().asNIO();
        int bodyLength = bson.remaining();
        int length = 16 + 4 + 1 + bodyLength;
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int requestId = REQUEST_IDS.getAndIncrement();
        out.putInt(length).putInt(requestId).putInt(0).putInt(OP_MSG);
        out.putInt(0); // flag bits
        out.put((byte) 0); // section kind 0: the body
        out.put(bson);
        OutputStream os = socket.getOutputStream();
        os.write(out.array());
        os.flush();
        return readReply(socket.getInputStream(), requestId);
    }

    private static BsonDocument readReply(InputStream in, int requestId) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[16];
        data.readFully(header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int length = h.getInt();
        h.getInt(); // the reply's own request id
        int responseTo = h.getInt();
        int opCode = h.getInt();
        if (length < 21 || length > MAX_REPLY || (opCode != OP_MSG && opCode != OP_REPLY) || responseTo != requestId) {
            throw new NotMongoDb("the reply is not MongoDB's wire protocol");
        }
        byte[] rest = new byte[length - 16];
        data.readFully(rest);
        ByteBuffer r = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
        if (opCode == OP_MSG) {
            r.getInt(); // flag bits
            if (r.get() != 0) {
                throw new NotMongoDb("unexpected OP_MSG section");
            }
        } else {
            r.position(20); // responseFlags, cursorID, startingFrom, numberReturned
        }
        int docLength = r.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (docLength < 5 || docLength > r.remaining()) {
            throw new NotMongoDb("malformed reply document");
        }
        byte[] doc = new byte[docLength];
        r.get(doc);
        return new RawBsonDocument(doc).decode(new BsonDocumentCodec());
    }

    /** True when the exception means the peer closed the connection without answering. */
    static boolean closedByPeer(IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return e instanceof EOFException || msg.contains("connection reset") || msg.contains("broken pipe");
    }
}
