package dev.pitcrew.workers.worker;

import io.temporal.activity.ActivityInterface;
import java.util.Arrays;
import java.util.List;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;

/** Finds the activity implementations among the Spring beans: any bean implementing an {@code @ActivityInterface}. */
final class ActivityBeans {
  private ActivityBeans() {}

  static List<Object> in(ApplicationContext context) {
    return Arrays.stream(context.getBeanNamesForType(Object.class, false, false))
        .filter(name -> isActivity(context.getType(name)))
        .map(context::getBean)
        .toList();
  }

  private static boolean isActivity(Class<?> type) {
    if (type == null) {
      return false;
    }
    Class<?> target = AopUtils.isAopProxy(type) ? type.getSuperclass() : type;
    return Arrays.stream(target.getInterfaces()).anyMatch(i -> i.isAnnotationPresent(ActivityInterface.class));
  }
}
