package nl.toegang.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link StaffActionInterceptor} in front of every admin API handler. */
@Configuration(proxyBeanMethods = false)
public class AdminApiConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StaffActionInterceptor()).addPathPatterns("/admin/**");
    }
}
