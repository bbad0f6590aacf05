package dev.pitcrew.activities.email;

import dev.pitcrew.activities.sla.SlaProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends plain-text email over SMTP when Spring Mail is configured ({@code SPRING_MAIL_HOST}). */
@Component
public class EmailSender {
  private final ObjectProvider<JavaMailSender> mail;
  private final SlaProperties properties;

  public EmailSender(ObjectProvider<JavaMailSender> mail, SlaProperties properties) {
    this.mail = mail;
    this.properties = properties;
  }

  public boolean configured() {
    return mail.getIfAvailable() != null;
  }

  public void send(String to, String subject, String body) {
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(properties.mailFrom());
    message.setTo(to);
    message.setSubject(subject);
    message.setText(body);
    mail.getObject().send(message);
  }
}
