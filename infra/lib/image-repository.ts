import { RemovalPolicy } from 'aws-cdk-lib';
import { Repository, RepositoryEncryption, TagMutability } from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

/**
 * The ECR repository the bot's image is pushed to (the image with your YAML file, built with
 * Dockerfile.deploy). The service pulls from it with the task execution role, which the stack
 * grants exactly this repository. Tags are immutable, so a tag names one build for good; images
 * are scanned on push; the repository and its images are kept when the stack is deleted.
 */
export class ImageRepository extends Construct {
  readonly repository: Repository;

  constructor(scope: Construct, id: string, props: { repositoryName: string }) {
    super(scope, id);
    this.repository = new Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageTagMutability: TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: RepositoryEncryption.KMS,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ description: 'Keep the 30 newest images', maxImageCount: 30 }],
    });
  }
}
