# Build: docker build -t crmw .   Run: see docker-compose.yml
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests install

FROM eclipse-temurin:17-jre
# run as an unprivileged user: the jar and reference files stay root-owned (read-only to crmw), only data/ is writable
RUN groupadd --system --gid 10001 crmw \
 && useradd --system --uid 10001 --gid crmw --home-dir /app --no-create-home --shell /usr/sbin/nologin crmw
WORKDIR /app
COPY --from=build /src/app/target/crmw.jar /app/crmw.jar
COPY config/reference /app/config/reference
RUN mkdir -p /app/data && chown crmw:crmw /app/data
VOLUME ["/app/config", "/app/data"]
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/crmw.jar"]
CMD ["serve", "--bind", "0.0.0.0"]
