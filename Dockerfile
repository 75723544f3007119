# Build: docker build -t crmw .   Run: see docker-compose.yml
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/app/target/crmw.jar /app/crmw.jar
COPY config/reference /app/config/reference
VOLUME ["/app/config", "/app/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/crmw.jar"]
CMD ["serve", "--bind", "0.0.0.0"]
