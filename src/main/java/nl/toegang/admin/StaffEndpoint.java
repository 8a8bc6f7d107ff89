package nl.toegang.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the {@link StaffAction} an admin API handler performs; {@link StaffActionInterceptor} checks the caller's
 * roles against it before the handler runs. A handler under {@code /admin/**} without it is refused.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface StaffEndpoint {
    StaffAction value();
}
