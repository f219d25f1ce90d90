import { qualifiedName, type ImageReference } from './image-ref';

/**
 * Published images that read a variable's value from the file named by `<NAME>_FILE` (the
 * convention Compose secrets rely on), with the variables each one reads so. Each entry is what the
 * image's documentation says; an image not listed is taken to read its variables only as they are.
 */
const FILE_VARIABLES: ReadonlyMap<string, RegExp> = new Map([
  // Docker Hub "postgres", section "Docker Secrets": POSTGRES_INITDB_ARGS, POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB.
  ['docker.io/library/postgres', /^POSTGRES_(?:INITDB_ARGS|PASSWORD|USER|DB)$/],
  // Docker Hub "mysql", section "Docker Secrets": MYSQL_ROOT_PASSWORD, MYSQL_ROOT_HOST, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD.
  ['docker.io/library/mysql', /^MYSQL_(?:ROOT_PASSWORD|ROOT_HOST|DATABASE|USER|PASSWORD)$/],
  // Docker Hub "mariadb", section "Docker Secrets": the MARIADB_* variables and their MYSQL_* aliases.
  ['docker.io/library/mariadb', /^(?:MARIADB|MYSQL)_(?:ROOT_PASSWORD|ROOT_HOST|DATABASE|USER|PASSWORD|PASSWORD_HASH|ROOT_PASSWORD_HASH)$/],
  // Docker Hub "mongo", section "Docker Secrets": MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD, MONGO_INITDB_DATABASE.
  ['docker.io/library/mongo', /^MONGO_INITDB_(?:ROOT_USERNAME|ROOT_PASSWORD|DATABASE)$/],
  // Docker Hub "wordpress", section "Docker Secrets": every WORDPRESS_* variable it lists.
  ['docker.io/library/wordpress', /^WORDPRESS_/],
  // Docker Hub "nextcloud", section "Docker Secrets": the database, admin, Redis and SMTP credentials.
  ['docker.io/library/nextcloud', /^(?:POSTGRES_(?:DB|USER|PASSWORD)|MYSQL_(?:DATABASE|USER|PASSWORD)|NEXTCLOUD_ADMIN_(?:USER|PASSWORD)|REDIS_HOST_PASSWORD|SMTP_PASSWORD)$/],
]);

/** Whether `image` reads the variable `name` from the file `<name>_FILE` names. */
export function readsFileVariable(image: ImageReference | undefined, name: string): boolean {
  return image !== undefined && FILE_VARIABLES.get(qualifiedName(image))?.test(name) === true;
}
