package io.crmw.app.web;

import io.crmw.app.config.CrmwConfig;
import io.crmw.connectors.spi.Secret;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** {@code crmw serve}'s web side: the dashboard (static, under {@code /}), the reports and sources API, access control. */
@Configuration
@Import({ReportsApi.class, SourcesApi.class, ApiErrors.class, OpenApi.class})
public class WebConfiguration {

    @Bean(destroyMethod = "close")
    PublishedCopy publishedCopy(CrmwConfig config) {
        return new PublishedCopy(config.published());
    }

    @Bean
    FilterRegistrationBean<AccessFilter> accessFilter(CrmwConfig config) {
        FilterRegistrationBean<AccessFilter> registration =
                new FilterRegistrationBean<>(new AccessFilter(config.serveToken().map(Secret::reveal)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
