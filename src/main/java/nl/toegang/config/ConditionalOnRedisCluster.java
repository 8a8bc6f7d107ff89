package nl.toegang.config;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when {@code toegang.redis.cluster.nodes} names at least one node, in any form Spring binds to a list
 * ({@code a:1,b:2} or {@code nodes[0]=a:1}), which a plain property condition on one key would not see.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnRedisCluster.OnRedisCluster.class)
public @interface ConditionalOnRedisCluster {

    final class OnRedisCluster implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("toegang.redis.cluster.nodes", Bindable.listOf(String.class))
                    .map(nodes -> nodes.stream().anyMatch(node -> !node.isBlank()))
                    .orElse(false);
        }
    }
}
