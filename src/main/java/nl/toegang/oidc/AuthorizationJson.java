package nl.toegang.oidc;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;
import tools.jackson.databind.module.SimpleModule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON mapper of the authorization store (the {@code attributes} and token metadata columns): exactly Spring
 * Security's modules, default typing and type allow-list, with one change for speed.
 *
 * <p>Why: Spring's deserializers for the stored principal read their parts with
 * {@code DeserializationContext.readTreeAsValue}, and Jackson builds a new type deserializer for every such root
 * read. Collection deserializers under default typing are not cachable, so every read of an authorization (each
 * code exchange, refresh and userinfo call) introspected the collection types again: about a sixth of the server's
 * samples on refresh and userinfo. Here the type deserializer per declared type is built once and reused, so its
 * own cache of concrete deserializers lives on. The allow-list is the same validator Spring's modules configure.
 */
public final class AuthorizationJson {

    private AuthorizationJson() {
    }

    public static JsonMapper mapper() {
        var allowList = BasicPolymorphicTypeValidator.builder();
        // Fills allowList with every Spring Security module's types, as JdbcOAuth2AuthorizationService's own mapper.
        List<JacksonModule> modules = new ArrayList<>(
                SecurityJacksonModules.getModules(AuthorizationJson.class.getClassLoader(), allowList));
        // Registered last: replaces the default typing those modules activate by the same typing, reused.
        modules.add(new ReusedDefaultTyping(allowList.build()));
        return JsonMapper.builder().addModules(modules).build();
    }

    /** Spring Security's default typing (non-final types, type id as a property), type deserializers reused. */
    static final class ReusedTypeDeserializers extends DefaultTypeResolverBuilder {
        private final Map<JavaType, Optional<TypeDeserializer>> built = new ConcurrentHashMap<>();

        ReusedTypeDeserializers(PolymorphicTypeValidator allowList) {
            super(allowList, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
        }

        @Override
        public TypeDeserializer buildTypeDeserializer(DeserializationContext context, JavaType baseType,
                                                      Collection<NamedType> subtypes) {
            // The key is a declared Java type (never a type id from the JSON), so the map stays small.
            return built.computeIfAbsent(baseType,
                    type -> Optional.ofNullable(super.buildTypeDeserializer(context, type, subtypes))).orElse(null);
        }

        int size() {
            return built.size();
        }
    }

    private static final class ReusedDefaultTyping extends SimpleModule {
        private final transient PolymorphicTypeValidator allowList;

        ReusedDefaultTyping(PolymorphicTypeValidator allowList) {
            super(ReusedDefaultTyping.class.getName());
            this.allowList = allowList;
        }

        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            ((MapperBuilder<?, ?>) context.getOwner()).setDefaultTyping(new ReusedTypeDeserializers(allowList));
        }
    }
}
