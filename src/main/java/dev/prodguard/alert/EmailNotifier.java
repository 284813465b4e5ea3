package dev.prodguard.alert;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import dev.prodguard.error.ProdguardException;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends alerts as plain-text email over SMTP ({@code PRODGUARD_SMTP_URL}) to the recipients in
 * {@code PRODGUARD_ALERT_EMAIL}, with STARTTLS or implicit TLS and authentication as the URL says,
 * and short timeouts so a dead server cannot hold the guardian.
 */
public final class EmailNotifier implements Notifier {
    private static final int TIMEOUT_MS = 10_000;

    private final SmtpUrl smtp;
    private final List<InternetAddress> recipients;
    private final Session session;

    /** A notifier with the JVM's default trust store for TLS. */
    public EmailNotifier(SmtpUrl smtp, String recipients) {
        this(smtp, recipients, null);
    }

    /** A notifier whose TLS sockets come from {@code tls} (a private CA); null for the JVM default. */
    public EmailNotifier(SmtpUrl smtp, String recipients, SSLSocketFactory tls) {
        this.smtp = smtp;
        this.recipients = parseRecipients(recipients);
        this.session = Session.getInstance(properties(smtp, tls), smtp.user() == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.user(), smtp.password() == null ? "" : smtp.password());
            }
        });
    }

    /** Parses comma-separated addresses. @throws ProdguardException CONFIG naming the bad one */
    static List<InternetAddress> parseRecipients(String list) {
        if (list == null || list.isBlank()) {
            throw ProdguardException.config("PRODGUARD_SMTP_URL is set but PRODGUARD_ALERT_EMAIL is not; set it to"
                    + " the addresses that get alert email, comma-separated");
        }
        List<String> parts = List.of(list.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            return parts.stream().map(EmailNotifier::address).toList();
        } catch (IllegalArgumentException e) {
            throw ProdguardException.config("PRODGUARD_ALERT_EMAIL: " + e.getMessage());
        }
    }

    private static InternetAddress address(String s) {
        try {
            InternetAddress a = new InternetAddress(s, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + s + "' is not an email address");
        }
    }

    private static Properties properties(SmtpUrl smtp, SSLSocketFactory tls) {
        String p = smtp.smtps() ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put("mail.transport.protocol", smtp.smtps() ? "smtps" : "smtp");
        props.put(p + "host", smtp.host());
        props.put(p + "port", String.valueOf(smtp.port()));
        props.put(p + "connectiontimeout", String.valueOf(TIMEOUT_MS));
        props.put(p + "timeout", String.valueOf(TIMEOUT_MS));
        props.put(p + "writetimeout", String.valueOf(TIMEOUT_MS));
        props.put(p + "auth", String.valueOf(smtp.user() != null));
        props.put(p + "from", smtp.from());
        if (smtp.smtps()) {
            props.put(p + "ssl.enable", "true");
            props.put(p + "ssl.checkserveridentity", "true");
        } else {
            props.put(p + "starttls.enable", String.valueOf(!smtp.starttls().equals("off")));
            props.put(p + "starttls.required", String.valueOf(smtp.starttls().equals("required")));
            props.put(p + "ssl.checkserveridentity", "true");
        }
        if (tls != null) {
            props.put(p + "ssl.socketFactory", tls);
            props.put(p + "socketFactory.fallback", "false"); // never retry with weaker settings
        }
        return props;
    }

    @Override
    public String name() {
        return "email to " + String.join(", ", recipients.stream().map(InternetAddress::getAddress).toList());
    }

    @Override
    public void send(Notification n) throws NotifierException {
        deliver(m -> {
            m.setSubject(AlertText.subject(n), "UTF-8");
            m.setText(AlertText.body(n), "UTF-8");
            m.setHeader("X-Prodguard-Alert", n.alert().key());
        });
    }

    /**
     * Mails a document (the weekly report) to the alert recipients: {@code body} as the text, {@code html} attached as
     * {@code fileName}. @throws NotifierException with the reason when the server refuses or cannot be reached
     */
    public void sendDocument(String subject, String body, String fileName, String html) throws NotifierException {
        deliver(m -> {
            m.setSubject(subject, "UTF-8");
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText(body, "UTF-8");
            jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
            file.setContent(html, "text/html; charset=UTF-8");
            file.setFileName(fileName);
            file.setDisposition(jakarta.mail.Part.ATTACHMENT);
            m.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
        });
    }

    /** What a message carries besides sender, recipients and date. */
    private interface Content {
        void fill(MimeMessage m) throws MessagingException;
    }

    /** One message from the configured sender to the recipients, sent over one SMTP connection. */
    private void deliver(Content content) throws NotifierException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(smtp.from()));
            m.setRecipients(Message.RecipientType.TO, recipients.toArray(new InternetAddress[0]));
            content.fill(m);
            m.setSentDate(new Date());
            m.saveChanges();
            try (Transport t = session.getTransport(smtp.smtps() ? "smtps" : "smtp")) {
                t.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw new NotifierException("cannot send " + name() + " via " + smtp.display() + ": " + reason(e));
        }
    }

    /** The innermost useful message of a mail exception chain, one line. */
    private static String reason(Exception e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = msg + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
            }
        }
        return msg == null ? e.getClass().getSimpleName() : dev.prodguard.config.Secrets.remoteText(msg, 400);
    }
}
