package nl.toegang.mail;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateInputException;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Renders a {@link MailRequest} from the template pair {@code templates/mail/{template}.html} (HTML mode) and
 * {@code .txt} (TEXT mode), with subject {@code mail.{template}.subject} from the application's messages.
 *
 * <p>Uses its own template engine rather than the web one: mail has no request, and TEXT mode needs its own resolver.
 */
public final class MailRenderer {

    /** Limits what one mail can put in the outbox; real mails are a few KB. */
    static final int MAX_BODY_CHARS = 100_000;

    private final SpringTemplateEngine engine;
    private final MessageSource messages;
    private final Supplier<Optional<String>> siteHost;

    public MailRenderer(MessageSource messages, boolean cacheTemplates) {
        this(messages, cacheTemplates, Optional::empty);
    }

    /**
     * @param siteHost the server's public host name, given to every template as {@code siteHost} (security mails tell
     *                 the reader where the real sign-in pages are); empty while unknown
     */
    public MailRenderer(MessageSource messages, boolean cacheTemplates, Supplier<Optional<String>> siteHost) {
        this.messages = messages;
        this.siteHost = siteHost;
        this.engine = new SpringTemplateEngine();
        engine.setTemplateEngineMessageSource(messages);
        engine.setTemplateResolvers(Set.of(
                resolver(TemplateMode.HTML, "*.html", 1, cacheTemplates),
                resolver(TemplateMode.TEXT, "*.txt", 2, cacheTemplates)));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order, boolean cache) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCheckExistence(true);
        resolver.setCacheable(cache);
        resolver.setOrder(order);
        return resolver;
    }

    public RenderedMail render(MailRequest request) {
        Context context = new Context(request.locale(), request.model());
        if (!request.model().containsKey("siteHost")) {
            siteHost.get().ifPresent(host -> context.setVariable("siteHost", host));
        }
        String html = process(request.template() + ".html", context);
        String text = process(request.template() + ".txt", context);
        return new RenderedMail(subject(request), text, html);
    }

    private String process(String name, Context context) {
        String body;
        try {
            body = engine.process(name, context);
        } catch (TemplateInputException e) {
            throw new IllegalArgumentException("cannot render mail template templates/mail/" + name + ": "
                    + e.getMessage(), e);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("mail template " + name + " rendered " + body.length()
                    + " characters; the limit is " + MAX_BODY_CHARS);
        }
        return body;
    }

    private String subject(MailRequest request) {
        Object realmName = request.model().get("realmName");
        Object[] args = realmName == null ? null : new Object[]{realmName};
        String code = "mail." + request.template() + ".subject";
        String subject;
        try {
            subject = messages.getMessage(code, args, request.locale());
        } catch (NoSuchMessageException e) {
            throw new IllegalArgumentException("no message " + code + " for mail template " + request.template(), e);
        }
        if (args == null && subject.contains("{0}")) {
            throw new IllegalArgumentException("message " + code + " uses {0}: the model needs realmName");
        }
        // A realm name with a line break must not become a second header line.
        return subject.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
